import path from 'node:path';
import pg from 'pg';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationParams } from 'umzug';
import type { Logger } from './logger.js';
import { ROOT_DIR, SOURCE_EXTENSION } from './paths.js';

export interface MigrationContext {
  sequelize: Sequelize;
  queryInterface: QueryInterface;
}

/** What a file in migrations/ or seeders/ exports. */
export type MigrationFn = (params: MigrationParams<MigrationContext>) => Promise<void>;

interface MigrationModule {
  up: MigrationFn;
  down?: MigrationFn;
}

function createUmzug(
  sequelize: Sequelize,
  options: { dir: string; table: string; logger: Logger },
) {
  // Source runs load migrations/*.ts through tsx; the compiled build loads migrations/*.js.
  const glob = path.join(options.dir, `*${SOURCE_EXTENSION}`).split(path.sep).join('/');
  return new Umzug<MigrationContext>({
    migrations: {
      glob: [glob, { ignore: ['**/*.d.ts'] }],
      resolve: ({ name, path: file, context }) => {
        const load = () => import(file!) as Promise<MigrationModule>;
        return {
          name: path.basename(name, SOURCE_EXTENSION),
          up: async () => (await load()).up({ name, context }),
          down: async () => {
            const module = await load();
            if (!module.down) throw new Error(`${name} cannot be undone`);
            return module.down({ name, context });
          },
        };
      },
    },
    context: { sequelize, queryInterface: sequelize.getQueryInterface() },
    // Distinct model names: Sequelize would otherwise reuse one model, and one table, for both.
    storage: new SequelizeStorage({
      sequelize,
      tableName: options.table,
      modelName: `umzug_${options.table}`,
    }),
    logger: {
      info: (event) =>
        options.logger.info(
          { ...event, table: options.table },
          `${String(event.event)} ${String(event.name ?? '')}`.trim(),
        ),
      warn: (event) => options.logger.warn(event),
      error: (event) => options.logger.error(event),
      debug: (event) => options.logger.debug(event),
    },
  });
}

/** Applies pending migrations from `migrations/`, recorded in the `migrations` table. */
export function migrate(
  sequelize: Sequelize,
  logger: Logger,
  dir = path.join(ROOT_DIR, 'migrations'),
) {
  return runPending(sequelize, logger, dir, 'migrations');
}

/** Runs the seeders in `seeders/` that have not run yet, recorded in the `seeders` table. */
export function seed(sequelize: Sequelize, logger: Logger, dir = path.join(ROOT_DIR, 'seeders')) {
  return runPending(sequelize, logger, dir, 'seeders');
}

async function runPending(
  sequelize: Sequelize,
  logger: Logger,
  dir: string,
  table: string,
): Promise<string[]> {
  const ran = await createUmzug(sequelize, { dir, table, logger }).up();
  return ran.map((item) => item.name);
}

// Any constant shared by every Seats process; "seats" in ASCII.
const MIGRATION_LOCK = 0x7365617473;

/**
 * Runs `fn` while holding a PostgreSQL advisory lock on a connection of its own, so that
 * processes starting together (several nodes, or `npm start` beside `db:migrate`) take
 * turns instead of racing to create the same tables.
 */
export async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A lock whose session the server ended (a restart, pg_terminate_backend) is no longer
  // held: what ran under it is reported as failed, not left to crash the process.
  let lost: Error | undefined;
  client.on('error', (error) => (lost ??= error));
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const result = await fn();
    if (lost) throw new Error(`The migration lock's connection was lost: ${lost.message}`);
    return result;
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

export interface PrepareOptions {
  /** Run pending seeders: 'always' (db:seed), 'if-never-seeded' (start-up) or 'never' (db:migrate). */
  seed: 'always' | 'if-never-seeded' | 'never';
  seedersDir?: string;
}

/**
 * Applies pending migrations and, as asked, the seeders, under the migration lock. "Never
 * seeded" means no `seeders` table yet: a first start that died between migrating and
 * seeding still gets its demo data on the next start.
 */
export async function migrateAndSeed(
  db: { sequelize: Sequelize; url: string },
  logger: Logger,
  options: PrepareOptions,
): Promise<{ applied: string[]; seeded: string[] }> {
  return withMigrationLock(db.url, async () => {
    const neverSeeded = !(await db.sequelize.getQueryInterface().tableExists('seeders'));
    const applied = await migrate(db.sequelize, logger);
    const wanted = options.seed === 'always' || (options.seed === 'if-never-seeded' && neverSeeded);
    const seeded = wanted ? await seed(db.sequelize, logger, options.seedersDir) : [];
    return { applied, seeded };
  });
}
