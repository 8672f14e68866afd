import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { ROOT_DIR } from '../app/core/paths.js';
import { testSequelize } from './support/db.js';

/** Every TypeScript file under app/, as text without its comments. */
async function appSources(): Promise<string[]> {
  const dir = path.join(ROOT_DIR, 'app');
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.ts'));
  const texts = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  return texts.map((text) => text.replace(/^\s*\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, ''));
}

// SQL functions the application calls that are never inlined (a SET clause would stop
// the others, seat_status and standing_left, from being inlined into their callers).
const SQL_ENTRY_POINTS = ['reclaim_lapsed'];

// PL/pgSQL replans a statement on every call when it judges the generic plan dearer than
// the custom ones, which it did for every `= ANY(array)` of the inventory functions: a
// fifth of PostgreSQL's CPU in a hold went to the planner (migration 0015). Each function
// the application calls therefore plans once per connection, and a new one must too.
describe('the server-side functions the application calls', () => {
  it('plan their statements once per connection', async () => {
    const functions = await testSequelize().query<{ name: string; config: string[] | null }>(
      `SELECT p.proname AS name, p.proconfig AS config
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         JOIN pg_language l ON l.oid = p.prolang
        WHERE n.nspname = 'public' AND (l.lanname = 'plpgsql' OR p.proname IN (:sql))`,
      { type: QueryTypes.SELECT, replacements: { sql: SQL_ENTRY_POINTS } },
    );
    const sources = (await appSources()).join('\n');
    const called = functions.filter(({ name }) => new RegExp(`\\b${name}\\(`).test(sources));
    assert.ok(called.length >= 5, `only ${called.map(({ name }) => name).join(', ')} found`);
    const replanned = called
      .filter(({ config }) => !config?.includes('plan_cache_mode=force_generic_plan'))
      .map(({ name }) => name);
    assert.deepEqual(replanned, []);
  });
});
