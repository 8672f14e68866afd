// Transport overhead of the method layer: the same system.ping called directly, over
// HTTP and over a socket, plus a health check that queries PostgreSQL. Prints ops/s,
// latency percentiles and each transport's cost as a ratio of the direct call measured
// in the same run, so results compare across machines.
//
//   npm run bench                 (embedded PostgreSQL in a temporary directory)
//   BENCH_ITERATIONS=5000 npm run bench
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import { createSeatsServer } from '../app/app.js';
import { loadConfig } from '../app/core/config.js';
import { createSequelize } from '../app/core/database.js';
import { startEmbeddedPostgres } from '../app/core/embedded-postgres.js';
import { createMethodRegistry } from '../app/methods/index.js';
import { invokeMethod } from '../app/methods/invoke.js';
import ping from '../app/methods/system/ping.js';
import type { ServerEnvelope } from '../app/shared/socket-contract.js';
import { methodContext } from '../test/support/context.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = Math.ceil(ITERATIONS / 10);

interface Result {
  name: string;
  opsPerSecond: number;
  p50: number;
  p99: number;
}

async function measure(name: string, operation: () => Promise<unknown>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await operation();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await operation();
    samples.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, opsPerSecond: (ITERATIONS / elapsed) * 1000, p50: at(0.5), p99: at(0.99) };
}

const logger = pino({ level: 'silent' });
const dataDir = await mkdtemp(path.join(tmpdir(), 'seats-bench-'));
const database = process.env.BENCH_DATABASE_URL
  ? { url: process.env.BENCH_DATABASE_URL, stop: async () => {} }
  : await startEmbeddedPostgres({ dataDir, database: 'seats_bench', logger });
const sequelize = createSequelize(database.url, { poolMax: 5 });
const config = loadConfig({
  SECRET_KEY: 'bench-secret-key-that-is-long-enough-0123456789',
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PORT: '0',
  SOCKET_MESSAGES_PER_SECOND: '1000000',
});
const seats = createSeatsServer({ config, logger, sequelize, databaseUrl: database.url, registry: createMethodRegistry() });
await new Promise<void>((resolve) => seats.server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(seats.server.address() as AddressInfo).port}`;
const socket = io(base, { transports: ['websocket'], forceNew: true });
await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

const ctx = methodContext(null);
const results = [
  await measure('direct invokeMethod (baseline)', () => invokeMethod(ping, ctx, { echo: 'bench' })),
  await measure('HTTP POST /api/system/ping', () =>
    fetch(`${base}/api/system/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"echo":"bench"}',
    }).then((res) => res.json()),
  ),
  await measure('socket system.ping', () =>
    socket
      .timeout(5000)
      .emitWithAck('message', {
        type: 'system.ping',
        data: { echo: 'bench' },
        eid: randomUUID(),
        ts: Date.now(),
      })
      .then((reply: ServerEnvelope) => {
        if (reply.error) throw new Error(reply.error);
      }),
  ),
  await measure('HTTP GET /api/health (one SQL query)', () =>
    fetch(`${base}/api/health`).then((res) => res.json()),
  ),
];

const baseline = results[0]!;
console.log(`\n${ITERATIONS} sequential calls each, after ${WARMUP} warm-up calls\n`);
console.log(
  'scenario                                   ops/s    p50 ms   p99 ms   cost vs baseline',
);
for (const result of results) {
  console.log(
    `${result.name.padEnd(40)} ${result.opsPerSecond.toFixed(0).padStart(8)} ${result.p50.toFixed(3).padStart(9)} ${result.p99.toFixed(3).padStart(8)}   ${(baseline.opsPerSecond / result.opsPerSecond).toFixed(1).padStart(6)}x`,
  );
}

socket.close();
await seats.close();
await sequelize.close();
await database.stop();
await rm(dataDir, { recursive: true, force: true });
