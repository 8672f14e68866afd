import { performance } from 'node:perf_hooks';

export const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
export const WARMUP = Math.ceil(ITERATIONS / 10);

export interface Result {
  name: string;
  opsPerSecond: number;
  p50: number;
  p99: number;
}

/** Runs `operation` WARMUP times, then ITERATIONS times in sequence, timing each call. */
export async function measure(name: string, operation: () => Promise<unknown>): Promise<Result> {
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

/** A table of results, each with its cost as a multiple of the first (the baseline). */
export function printResults(results: Result[]): void {
  const baseline = results[0]!;
  console.log(`\n${ITERATIONS} sequential calls each, after ${WARMUP} warm-up calls\n`);
  console.log(`${'scenario'.padEnd(48)}    ops/s    p50 ms   p99 ms   cost vs baseline`);
  for (const result of results) {
    console.log(
      `${result.name.padEnd(48)} ${result.opsPerSecond.toFixed(0).padStart(8)} ${result.p50.toFixed(3).padStart(9)} ${result.p99.toFixed(3).padStart(8)}   ${(baseline.opsPerSecond / result.opsPerSecond).toFixed(1).padStart(6)}x`,
    );
  }
}
