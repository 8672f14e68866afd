// What every load generator shares: its arguments, the lines it prints for the bench,
// an HTTP client over real keep-alive connections to 127.0.0.1, and latency samples.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { summarize, type Summary } from '../stats.js';

export const args = <T>(): T => JSON.parse(process.argv[2] ?? '{}') as T;

/**
 * Whom a hold load talks to: Seats, the bare endpoint, or the bare server calling Seats'
 * own hold statements, bare or behind the middleware Seats' requests pass (`guarded`).
 */
export type TargetKind = 'seats' | 'bare' | 'rules' | 'guarded';

/** What every load against Seats or its bare twin is told: which, where, whose, what event. */
export interface TargetInput {
  kind: TargetKind;
  base: string;
  fixture: string;
  eventId: number;
}

export const phase = (name: string, extra: object = {}) =>
  console.log(JSON.stringify({ phase: name, ...extra }));

export function finish(result: object): never {
  console.log(JSON.stringify({ result }));
  process.exit(0);
}

let stdinLines: AsyncIterator<string> | undefined;
/** Waits for the bench to write a line (it measures something between two phases). */
export async function nextLine(): Promise<string> {
  stdinLines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const next = await stdinLines.next();
  return next.done ? '' : String(next.value);
}

/** `connections` keep-alive connections to the server, one request on each at a time. */
export const connect = (base: string, connections: number) =>
  new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
  /** performance.timeOrigin + now() when the answer's head arrived: comparable across processes. */
  at: number;
  bytes: number;
  raw: Buffer;
}

/** One request, read to the end; a JSON body that is not compressed is parsed too. */
export async function call(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  options: { headers?: Record<string, string>; json?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const res = await pool.request({
    method,
    path,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const at = performance.timeOrigin + performance.now();
  const raw = Buffer.from(await res.body.arrayBuffer());
  const ms = performance.now() - started;
  const type = String(res.headers['content-type'] ?? '');
  const encoded = res.headers['content-encoding'];
  const body =
    type.includes('json') && !encoded && raw.length
      ? (JSON.parse(raw.toString()) as Record<string, unknown>)
      : {};
  return { status: res.statusCode, body, headers: res.headers, ms, at, bytes: raw.length, raw };
}

/** Latency samples by name, and answers that were not what was expected, by status/code. */
export class Recorder {
  readonly samples = new Map<string, number[]>();
  readonly errors: Record<string, number> = {};

  add(name: string, ms: number): void {
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(ms);
  }

  error(answer: Pick<Answer, 'status' | 'body'>): void {
    const key = `${answer.status} ${String(answer.body.error ?? '')}`.trim();
    this.errors[key] = (this.errors[key] ?? 0) + 1;
  }

  get errorCount(): number {
    return Object.values(this.errors).reduce((sum, count) => sum + count, 0);
  }

  summary(): Record<string, Summary> {
    return Object.fromEntries([...this.samples].map(([name, list]) => [name, summarize(list)]));
  }
}

/**
 * `workers` loops calling `step` back to back (a closed loop: each user waits for its
 * answer before the next request), first for `warmupMs` unrecorded, then for
 * `durationMs`. Answers how many steps the measured part completed and how long it took,
 * up to the answer of its last step.
 */
export async function closedLoop(
  workers: number,
  warmupMs: number,
  durationMs: number,
  step: (worker: number, recording: boolean) => Promise<void>,
  /** Called as the timed part starts (after the warm-up). */
  onRecording: () => void = () => {},
): Promise<{ completed: number; seconds: number }> {
  const run = async (ms: number, recording: boolean) => {
    const stopAt = performance.now() + ms;
    let completed = 0;
    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        while (performance.now() < stopAt) {
          await step(worker, recording);
          completed++;
        }
      }),
    );
    return completed;
  };
  if (warmupMs > 0) await run(warmupMs, false);
  onRecording();
  const started = performance.now();
  const completed = await run(durationMs, true);
  return { completed, seconds: (performance.now() - started) / 1000 };
}
