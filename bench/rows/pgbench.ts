// PostgreSQL alone on this machine: pgbench running a one-row UPDATE (a random one of
// 2,000 rows of bench_pgbench_rows) as fast as 8 clients can, on the bench's own server.
// Skipped, with a line saying so, when pgbench is not on PATH.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Line } from '../report.js';
import { repeat, say, type Row } from './shared.js';

const run = promisify(execFile);
const SCRIPT =
  '\\set id random(1, 2000)\nUPDATE bench_pgbench_rows SET n = n + 1 WHERE id = :id;\n';

async function pgbenchPath(): Promise<string | null> {
  try {
    return (await run('sh', ['-c', 'command -v pgbench'])).stdout.trim() || null;
  } catch {
    return null;
  }
}

export const pgbench: Row = {
  id: 'pgbench',
  async run(ctx) {
    const clients = ctx.sizes.pgbenchClients;
    const label = `pgbench: 1-row UPDATE, ${clients} clients`;
    const binary = await pgbenchPath();
    if (!binary) {
      say('pgbench: not on PATH (apt-get install postgresql-client): skipped');
      return [
        { row: 'pgbench', label, unit: 'tps', figures: [NaN], details: { skipped: 'no pgbench' } },
      ];
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'seats-pgbench-'));
    const script = path.join(dir, 'update.sql');
    await writeFile(script, SCRIPT);
    const url = new URL(ctx.db.url);
    const seconds = Math.max(1, Math.round(ctx.sizes.seconds));
    try {
      const outputs = await repeat(ctx, async () => {
        const { stdout } = await run(
          binary,
          [
            '-n',
            '-f',
            script,
            '-c',
            String(clients),
            '-j',
            '2',
            '-T',
            String(seconds),
            '-h',
            url.hostname,
            '-p',
            url.port,
            '-U',
            decodeURIComponent(url.username),
            url.pathname.slice(1),
          ],
          { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } },
        );
        const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
        const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
        return { tps, latency };
      });
      const line: Line = {
        row: 'pgbench',
        label,
        unit: 'tps',
        figures: outputs.map((output) => output.tps),
        details: { binary, seconds, latencyAverageMs: outputs.map((output) => output.latency) },
      };
      return [line];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
