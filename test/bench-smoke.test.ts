import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Summarised } from '../bench/report.js';
import { useTempDir } from './support/temp-dir.js';

// Every row the benchmark suite must print (bench/README.md), by the row each figure is of.
const ROWS = [
  'hold',
  'hot',
  'floor',
  'page',
  'seat-map',
  'fanout',
  'subscribe',
  'memory',
  'sql',
  'signup',
  'onsale',
  'pgbench',
];

describe('bench:smoke', function () {
  this.timeout(180_000);
  const dir = useTempDir('seats-bench-smoke');

  it('runs every row end to end with tiny sizes, printing and writing each figure', async () => {
    const out = path.join(dir.path, 'results.json');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('BENCH_')),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/index.ts'], {
      env: { ...env, BENCH_SMOKE: '1', BENCH_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, output);

    const results = JSON.parse(await readFile(out, 'utf8')) as {
      machine: { cpus: number; node: string; postgres: string };
      rows: Summarised[];
    };
    assert.ok(results.machine.cpus > 0 && results.machine.node && results.machine.postgres);
    for (const row of ROWS) {
      const lines = results.rows.filter((line) => line.row === row);
      assert.ok(lines.length, `row ${row} is in the JSON`);
      for (const line of lines) {
        assert.ok(output.includes(line.label), `"${line.label}" is printed`);
        if (line.details?.skipped) continue; // pgbench not installed: said so, not measured
        assert.ok(Number.isFinite(line.figure), `${line.label}: ${line.figure}`);
        if (line.baseline) assert.ok(Number.isFinite(line.baseline.figure), line.label);
      }
    }
    const figure = (row: string, label: string) =>
      results.rows.find((line) => line.row === row && line.label.includes(label))?.figure;
    // What must hold at any size: nothing sold twice, nothing failing but for taken seats.
    const oversells = results.rows.filter(
      (line) => line.row === 'hot' && /oversells/.test(line.label),
    );
    assert.equal(oversells.length, 3, 'Seats, its statements alone, and behind the middleware');
    for (const line of oversells) assert.equal(line.figure, 0, line.label);
    assert.equal(figure('signup', 'errors'), 0);
    assert.equal(figure('onsale', 'errors other than'), 0);
    assert.equal(figure('onsale', 'SQL invariant violations'), 0);
    // The measurements that say what no Seats could beat here (docs/performance.md).
    for (const [row, label] of [
      ['hold', "the hold rules' SQL alone"],
      ['hold', 'behind the standard middleware'],
      ['hot', "the hold rules' SQL alone"],
      ['hot', 'behind the standard middleware'],
      ['subscribe', "the client's own decoding"],
      ...(process.platform === 'linux'
        ? [
            ['onsale', 'CPU per booking, PostgreSQL + load generator'],
            ['hold', "PostgreSQL's CPU per cycle"],
            ['hold', "the hold rules' SQL alone: PostgreSQL's CPU"],
            ['hold', 'the standard middleware alone'],
            ['hold', "Seats adds per cycle beyond the rules' server"],
          ]
        : []),
    ])
      assert.ok(Number.isFinite(figure(row!, label!)), `${row}: ${label}`);
  });
});
