import type { MigrationFn } from '../app/core/migrator.js';

// The inventory functions plan their statements once per connection (docs/performance.md,
// "Plans made once"). PL/pgSQL keeps a plan per statement, but after five calls it weighs
// a generic plan against the custom ones, and for `seat_id = ANY(p_seats)` it guesses ten
// elements where the custom plans saw four: the generic plan looked dearer, so every call
// planned each statement again, with the SQL functions it calls inlined and parsed anew.
// A profile of PostgreSQL under pgbench put a fifth of its CPU in the planner. The
// generic plans are the ones the custom plans were: the same index scans by key.
//
// Set on the functions the application calls: PL/pgSQL, and reclaim_lapsed, an SQL
// function that is never inlined and that PostgreSQL 18 plans as PL/pgSQL does. The
// functions they call run under the same setting. A generic plan is made at a
// connection's first call and kept until its tables' statistics change (ANALYZE, which
// autovacuum runs as they grow), so one made on an empty table does not stay.
const ENTRY_POINTS = [
  'hold_places(int, int, text, int[], jsonb, int, int, jsonb)',
  'release_hold(uuid, int, boolean, int[], int[])',
  'end_hold(uuid, text)',
  'lock_places(int, int[], int[])',
  'reclaim_lapsed(int, int, uuid)',
  'seat_change_set(int, int[], int[])',
];

export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(
    ENTRY_POINTS.map((fn) => `ALTER FUNCTION ${fn} SET plan_cache_mode = force_generic_plan;`).join(
      '\n',
    ),
  );
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(
    ENTRY_POINTS.map((fn) => `ALTER FUNCTION ${fn} RESET plan_cache_mode;`).join('\n'),
  );
};
