import path from 'node:path';
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
          event,
          `${options.table}: ${String(event.event)} ${String(event.name ?? '')}`.trim(),
        ),
      warn: (event) => options.logger.warn(event),
      error: (event) => options.logger.error(event),
      debug: (event) => options.logger.debug(event),
    },
  });
}

export interface MigrateResult {
  /** No migration had ever run: the database was empty before this call. */
  fresh: boolean;
  applied: string[];
}

/** Applies pending migrations from `migrations/`, recorded in the `migrations` table. */
export async function migrate(
  sequelize: Sequelize,
  logger: Logger,
  dir = path.join(ROOT_DIR, 'migrations'),
): Promise<MigrateResult> {
  const umzug = createUmzug(sequelize, { dir, table: 'migrations', logger });
  const fresh = (await umzug.executed()).length === 0;
  const applied = await umzug.up();
  return { fresh, applied: applied.map((migration) => migration.name) };
}

/** Runs the seeders in `seeders/` that have not run yet, recorded in the `seeders` table. */
export async function seed(
  sequelize: Sequelize,
  logger: Logger,
  dir = path.join(ROOT_DIR, 'seeders'),
): Promise<string[]> {
  const umzug = createUmzug(sequelize, { dir, table: 'seeders', logger });
  const ran = await umzug.up();
  return ran.map((item) => item.name);
}
