// The benchmark suite (bench/README.md): one fresh PostgreSQL, migrated and seeded; Seats
// and each baseline in a process of its own; load from other processes (bench/load/);
// then one table — row, figure, baseline, ratio, spread — printed and written as JSON.
//
//   npm run bench                  every row (BENCH_REPEAT=3 repetitions each)
//   npm run bench -- hold onsale   some rows (or BENCH_ROWS=hold,onsale)
//   npm run bench:smoke            every row with tiny sizes, one repetition
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { migrate } from '../app/core/migrator.js';
import { closeTestSequelize, testSequelize } from '../test/support/db.js';
import { onSaleHall, sizes } from './config.js';
import { BenchContext } from './context.js';
import { startBenchDatabase } from './database.js';
import { printTable, summarise, writeResults, type Line } from './report.js';
import { selectRows } from './rows/index.js';
import { buildBaselineTables, buildBuyers, buildHall, onSaleEvent, writeFixture } from './seed.js';

const names = [...process.argv.slice(2), ...(process.env.BENCH_ROWS ?? '').split(',')]
  .map((name) => name.trim())
  .filter(Boolean);
const rows = selectRows(names);
const out =
  process.env.BENCH_OUT ??
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    'results',
    sizes.smoke ? 'smoke.json' : 'latest.json',
  );
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

console.log(
  `Seats bench${sizes.smoke ? ' (smoke sizes)' : ''}: ${rows.map((row) => row.id).join(', ')}`,
);
const db = await startBenchDatabase();
const cpus = os.cpus();
const machine = {
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'unknown',
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  postgres: db.version,
  os: `${os.type()} ${os.release()}`,
};
console.log(
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}`,
);

// The orchestrator's models go through the test kit's Sequelize, so its factories and its
// inventory invariants (test/support) work here as they do in tests.
process.env.SEATS_TEST_DATABASE_URL = db.url;
const sequelize = testSequelize();
const fixtureDir = await mkdtemp(path.join(os.tmpdir(), 'seats-bench-fixture-'));
const lines: Line[] = [];
const failed: string[] = [];
let ctx: BenchContext | undefined;
try {
  await migrate(sequelize, pino({ level: 'silent' }));
  const mainHall = await buildHall(sequelize, 'Main', {
    stalls: { rows: 30, perRow: 50 },
    balcony: { rows: 10, perRow: 50 },
  });
  const saleHall = await buildHall(sequelize, 'Sale', onSaleHall);
  const main = await onSaleEvent(mainHall, 'Bench Night');
  await buildBaselineTables(sequelize, main.eventId);
  const needs: Record<string, number> = {
    hold: sizes.holdUsers,
    hot: sizes.hotUsers,
    onsale: sizes.buyers,
    pgbench: sizes.pgbenchClients,
  };
  const users = await buildBuyers(Math.max(2, ...rows.map((row) => needs[row.id] ?? 0)));
  const fixtureFile = path.join(fixtureDir, 'fixture.json');
  const fixture = { ...main, users };
  await writeFixture(fixtureFile, fixture);
  console.log(
    `seeded in ${seconds()} s: ${main.seatIds.length} seats, ${users.length} buyers with tokens`,
  );

  ctx = new BenchContext(db, sequelize, fixture, fixtureFile, saleHall, mainHall);
  for (const row of rows) {
    const rowStarted = performance.now();
    console.log(`- ${row.id}`);
    try {
      lines.push(...(await row.run(ctx)));
    } catch (error) {
      // One broken row does not cost the others' figures; the run still fails at the end.
      failed.push(row.id);
      console.log(`  ${row.id} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      for (const output of await ctx.serverOutputs())
        console.log(`  ${output.name} said:\n${output.text}`);
      lines.push({ row: row.id, label: `${row.id}: FAILED`, unit: '', figures: [NaN] });
    }
    console.log(`  ${row.id} done in ${((performance.now() - rowStarted) / 1000).toFixed(1)} s`);
  }
} finally {
  await ctx?.stop();
  await closeTestSequelize();
  await db.stop();
  await rm(fixtureDir, { recursive: true, force: true });
}

const summarised = lines.map(summarise);
printTable(summarised);
await writeResults(out, {
  startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
  seconds: Number(seconds()),
  machine,
  sizes,
  failed,
  rows: summarised,
});
console.log(
  `\n${summarised.length} figures from ${rows.length} rows in ${seconds()} s; written to ${out}`,
);
if (failed.length) {
  console.log(`failed rows: ${failed.join(', ')}`);
  process.exitCode = 1;
}
