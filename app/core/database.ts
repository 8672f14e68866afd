import { Sequelize } from 'sequelize';
import type { Config } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import type { Logger } from './logger.js';

export interface Database {
  sequelize: Sequelize;
  /** Connection URL, for the few things done outside the pool (advisory locks). */
  url: string;
  kind: 'embedded' | 'external';
  /** Closes the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

const EMBEDDED_DATABASE_NAME = 'seats';

export function createSequelize(
  url: string,
  options: { poolMax: number; logger?: Logger },
): Sequelize {
  const sql = options.logger?.child({ component: 'sql' });
  return new Sequelize(url, {
    dialect: 'postgres',
    logging: sql?.isLevelEnabled('trace') ? (query: string) => sql.trace(query) : false,
    pool: { max: options.poolMax, min: 0, idle: 10_000, acquire: 10_000 },
    define: { underscored: true },
    hooks: { afterConnect: dropOnFatal },
  });
}

/**
 * A server that ends a session in the middle of a query (a shutdown, a failover,
 * pg_terminate_backend) sends a FATAL error before it closes the socket. The query's error
 * reaches the pool before the close does, so the connection would go back as if sound and
 * fail the next caller too. Marked here, at the message, the pool drops it instead
 * (`_invalid` is the mark Sequelize's own pool check reads).
 */
function dropOnFatal(client: unknown): void {
  const connection = client as {
    _invalid?: boolean;
    connection: {
      on(
        event: 'errorMessage',
        listener: (message: { severity?: string; code?: string }) => void,
      ): void;
    };
  };
  connection.connection.on('errorMessage', (message) => {
    // The severity word follows the server's lc_messages; the SQLSTATE does not (shutdown,
    // crash, cannot connect now, lost connection, idle timeouts).
    if (
      message.severity === 'FATAL' ||
      message.severity === 'PANIC' ||
      /^(57P0|08|25P03)/.test(message.code ?? '')
    )
      connection._invalid = true;
  });
}

/**
 * Connects to DATABASE_URL, or with none starts the embedded PostgreSQL kept in DATA_DIR.
 * Either way it checks the connection before returning and logs which one it uses.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      database: EMBEDDED_DATABASE_NAME,
      logger,
    });
    url = embedded.url;
  }
  const sequelize = createSequelize(url, { poolMax: config.DB_POOL_MAX, logger });
  try {
    await sequelize.authenticate();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  if (embedded) {
    logger.info(
      { port: embedded.port, dataDir: embedded.dataDir },
      `database: embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`,
    );
  } else {
    logger.info(
      { database: describeUrl(url) },
      `database: external PostgreSQL at ${describeUrl(url)} (DATABASE_URL)`,
    );
  }
  return {
    sequelize,
    url,
    kind: embedded ? 'embedded' : 'external',
    async close() {
      await sequelize.close();
      await embedded?.stop();
    },
  };
}

/** The URL without its password, for logs. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function pingDatabase(sequelize: Sequelize, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sequelize.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
