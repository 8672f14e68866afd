// One GET, over and over on `connections` connections, as a browser asks for it (gzip).
// With `revalidate`, it first fetches the ETag and then asks If-None-Match, expecting 304.
// It also reports the answer's size: decoded (asked with identity), and gzipped.
import type { Summary } from '../stats.js';
import { Recorder, args, call, closedLoop, connect, finish } from './client.js';

const input = args<{
  base: string;
  path: string;
  connections: number;
  revalidate?: boolean;
  warmupMs: number;
  durationMs: number;
}>();
const pool = connect(input.base, input.connections);
const headers: Record<string, string> = { 'accept-encoding': 'gzip' };

const first = await call(pool, 'GET', input.path, { headers: { 'accept-encoding': 'gzip' } });
if (first.status !== 200) throw new Error(`GET ${input.path}: ${first.status}`);
const identity = await call(pool, 'GET', input.path, {
  headers: { 'accept-encoding': 'identity' },
});
if (input.revalidate) {
  const etag = first.headers.etag;
  if (typeof etag !== 'string') throw new Error(`GET ${input.path} has no ETag`);
  headers['if-none-match'] = etag;
}
const expected = input.revalidate ? 304 : 200;
const recorder = new Recorder();

const { completed, seconds } = await closedLoop(
  input.connections,
  input.warmupMs,
  input.durationMs,
  async (_worker, recording) => {
    const answer = await call(pool, 'GET', input.path, { headers });
    if (!recording) return;
    if (answer.status === expected) recorder.add('get', answer.ms);
    else recorder.error(answer);
  },
);
await pool.close();

export interface GetResult {
  requestsPerSecond: number;
  latency: Summary | undefined;
  errors: Record<string, number>;
  decodedBytes: number;
  wireBytes: number;
  gzipped: boolean;
}
finish({
  requestsPerSecond: (completed - recorder.errorCount) / seconds,
  latency: recorder.summary().get,
  errors: recorder.errors,
  decodedBytes: identity.bytes,
  wireBytes: first.bytes,
  gzipped: first.headers['content-encoding'] === 'gzip',
} satisfies GetResult);
