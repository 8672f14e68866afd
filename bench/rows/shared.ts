import { durationMs, warmupMs } from '../config.js';
import type { BenchContext } from '../context.js';
import type { TargetKind } from '../load/client.js';
import type { GetResult } from '../load/get.js';
import type { HoldResult } from '../load/hold.js';
import { postgresCpuMs, processCpuMs } from '../cpu.js';
import { runLoad, type ServerProcess } from '../processes.js';
import type { Line } from '../report.js';

export interface Row {
  id: string;
  /** Other row names it answers to (one run measures them together). */
  also?: string[];
  run(ctx: BenchContext): Promise<Line[]>;
}

/** Seats of the main event per row, so rows never touch each other's seats. */
export const SEAT_BLOCKS = { hold: 0, hot: 1000, sockets: 1500, bareSql: 1600 } as const;

export const repeat = async <T>(ctx: BenchContext, measure: (rep: number) => Promise<T>) => {
  const runs: T[] = [];
  for (let rep = 0; rep < ctx.sizes.repeat; rep++) runs.push(await measure(rep));
  return runs;
};

export const say = (text: string) => console.log(`  ${text}`);

export function getLoad(base: string, path: string, ctx: BenchContext, revalidate = false) {
  return runLoad<GetResult>('get.ts', {
    base,
    path,
    connections: ctx.sizes.connections,
    revalidate,
    warmupMs: warmupMs(),
    durationMs: durationMs(),
  }).result;
}

/** Express hello-world at the GET rows' concurrency, once per repetition, for every row. */
export const helloRuns = (ctx: BenchContext) =>
  ctx.once('hello', async () => {
    const hello = await ctx.server('hello');
    return repeat(ctx, () => getLoad(hello.url, '/', ctx));
  });

/**
 * Hold + release cycles on `server` (Seats, or the bare server's endpoint or its calls of
 * Seats' statements), with the CPU time the server's process and PostgreSQL (all of it:
 * backends, writers, autovacuum) spent per timed cycle.
 */
export async function holdLoad(
  ctx: BenchContext,
  kind: TargetKind,
  server: ServerProcess,
): Promise<
  HoldResult & {
    serverCpuMsPerCycle: number | null;
    postgresCpuMsPerCycle: number | null;
    loadCpuMsPerCycle: number;
  }
> {
  const load = runLoad<HoldResult>('hold.ts', {
    kind,
    base: server.url,
    fixture: ctx.fixtureFile,
    users: ctx.sizes.holdUsers,
    eventId: ctx.fixture.eventId,
    seatIds: ctx.seats(SEAT_BLOCKS.hold, ctx.sizes.holdUsers * 4),
    warmupMs: warmupMs(),
    durationMs: durationMs(),
  });
  const postmaster = ctx.db.postmasterPid;
  const cpu = () => ({
    server: processCpuMs(server.pid),
    postgres: postmaster === null ? null : postgresCpuMs(postmaster),
  });
  await load.phase('recording');
  const before = cpu();
  const result = await load.result;
  const after = cpu();
  const perCycle = (from: number | null, to: number | null) =>
    from === null || to === null ? null : (to - from) / Math.max(1, result.completed);
  return {
    ...result,
    serverCpuMsPerCycle: perCycle(before.server, after.server),
    postgresCpuMsPerCycle: perCycle(before.postgres, after.postgres),
    loadCpuMsPerCycle: result.cpuMs / Math.max(1, result.completed),
  };
}

/** The bare endpoint's hold + release cycles under the hold row's concurrency. */
export const bareHoldRuns = (ctx: BenchContext) =>
  ctx.once('bare-hold', async () => {
    const bare = await ctx.server('bare-hold');
    return repeat(ctx, () => holdLoad(ctx, 'bare', bare));
  });

/** Says so when a load got answers it did not expect; they are in the row's details too. */
export function warnErrors(what: string, errors: Record<string, number>) {
  if (Object.keys(errors).length)
    say(`WARNING ${what}: unexpected answers ${JSON.stringify(errors)}`);
}
