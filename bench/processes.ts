import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MemoryReport, ServerRequest } from './serve.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const children = new Set<ChildProcess>();

// A bench that fails or is interrupted leaves no server or load process behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** The last few kB it printed (with BENCH_LOG_LEVEL, Seats' logs). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Forks a server script (bench/seats-process.ts, bench/baselines/*.ts) with IPC and waits
 * for its `ready` message. Its output goes to ours only on failure, so a crash says why.
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = fork(path.join(BENCH_DIR, script), [], {
    // BENCH_CPU_PROF=<dir>: a CPU profile of each server's process, written there when it stops.
    execArgv: [
      '--expose-gc',
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    // BENCH_HEAP_SNAPSHOT=<dir>: a heap snapshot of each server at each memory reading.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.BENCH_HEAP_SNAPSHOT
        ? { BENCH_HEAP_SNAPSHOT: process.env.BENCH_HEAP_SNAPSHOT }
        : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  void exited.then(() => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type: string; port?: number }) => {
      if (message.type === 'ready') resolve(message.port!);
    });
    void exited.then((code) =>
      reject(new Error(`${name} exited (${code}) before ready:\n${output}`)),
    );
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    memory: () =>
      new Promise((resolve) => {
        const listen = (message: MemoryReport) => {
          if (message.type !== 'memory') return;
          child.off('message', listen);
          resolve({ rss: message.rss, heapUsed: message.heapUsed });
        };
        child.on('message', listen);
        child.send({ type: 'memory' } satisfies ServerRequest);
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ServerRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadRun<T> {
  /** Resolves with each `{"phase": …}` line the load process prints. */
  phase(name: string): Promise<Record<string, unknown>>;
  /** Writes one line to the load process's stdin (it waits on some phases for it). */
  send(line: string): void;
  result: Promise<T>;
}

/**
 * Runs a load generator (bench/load/*.ts) in a process of its own with its arguments as
 * one JSON argument. It prints JSON lines: `{"phase": …}` along the way and
 * `{"result": …}` last; anything else on stdout or stderr is shown if it fails.
 */
export function runLoad<T>(script: string, args: object): LoadRun<T> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      // BENCH_LOAD_CPU_PROF=<dir>: likewise for each load process.
      ...(process.env.BENCH_LOAD_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_LOAD_CPU_PROF}`]
        : []),
      path.join(BENCH_DIR, 'load', script),
      JSON.stringify(args),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  children.add(child);
  const phases = new Map<string, Record<string, unknown>>();
  const waiters = new Map<string, (line: Record<string, unknown>) => void>();
  let result: T | undefined;
  let output = '';
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      output += `${text}\n`;
      return;
    }
    if ('result' in line) result = line.result as T;
    if (typeof line.phase === 'string') {
      phases.set(line.phase, line);
      waiters.get(line.phase)?.(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<T>((resolve, reject) =>
    child.once('exit', (code) => {
      children.delete(child);
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`load/${script} exited ${code}:\n${output.slice(-4000)}`));
    }),
  );
  done.catch(() => {}); // awaited through `result`; not unhandled meanwhile
  return {
    phase: (name) =>
      Promise.race([
        new Promise<Record<string, unknown>>((resolve) => {
          const seen = phases.get(name);
          if (seen) resolve(seen);
          else waiters.set(name, resolve);
        }),
        done.then(() => {
          throw new Error(`load/${script} ended before phase ${name}`);
        }),
      ]),
    send: (line) => child.stdin!.write(`${line}\n`),
    result: done,
  };
}
