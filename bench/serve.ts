import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

/** What the bench asks a server process over IPC, and what it answers. */
export type ServerRequest = { type: 'memory' } | { type: 'stop' };
export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
}

/**
 * The side of a server process the bench talks to (bench/processes.ts starts it with
 * fork): listens on a free loopback port, prints `listening on <port>` and sends
 * `{type: "ready", port}`; answers `memory` (after a full GC: the process runs with
 * --expose-gc) and stops on `stop`, on SIGTERM, or when the bench goes away.
 */
export function serveBench(name: string, server: Server, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close().catch((error: unknown) => console.error(`${name}: closing failed`, error));
    process.exit(0);
  };
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'memory') {
      // Twice: the first pass frees what finalisers of the first keep alive.
      globalThis.gc?.();
      globalThis.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      process.send?.({ type: 'memory', rss, heapUsed } satisfies MemoryReport);
      const dir = process.env.BENCH_HEAP_SNAPSHOT;
      if (dir)
        writeHeapSnapshot(path.join(dir, `${name}-${process.pid}-${Date.now()}.heapsnapshot`));
    }
  });
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`${name} listening on ${port}`);
    process.send?.({ type: 'ready', port });
  });
}

/** A required environment variable of a server process. */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
