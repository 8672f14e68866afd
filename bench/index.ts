// Transport overhead of the method layer: the same system.ping called directly, over
// HTTP and over a socket, plus a health check that queries PostgreSQL. Prints ops/s,
// latency percentiles and each transport's cost as a ratio of the direct call measured
// in the same run, so results compare across machines.
//
//   npm run bench                 (embedded PostgreSQL in a temporary directory)
//   BENCH_ITERATIONS=5000 npm run bench
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { invokeMethod } from '../app/methods/invoke.js';
import ping from '../app/methods/system/ping.js';
import type { ServerEnvelope } from '../app/shared/socket-contract.js';
import { methodContext } from '../test/support/context.js';
import { measure, printResults } from './measure.js';
import { startBenchServer } from './server.js';

const bench = await startBenchServer();
const base = bench.base;
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

printResults(results);

socket.close();
await bench.close();
