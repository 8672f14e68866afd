// A hot hall: many users at the same moment for 4 of the same few seats, in rounds of up
// to 3 attempts each (bench/load/hot.ts); after
// each round SQL compares who holds what with the 201s (oversells must be 0). The bare
// endpoint plays the same rounds on its copy of the table.
import { durationMs } from '../config.js';
import type { BenchContext } from '../context.js';
import type { TargetKind } from '../load/client.js';
import type { HotResult } from '../load/hot.js';
import { runLoad } from '../processes.js';
import { repeat, SEAT_BLOCKS, warnErrors, type Row } from './shared.js';

function hotLoad(ctx: BenchContext, kind: TargetKind, base: string) {
  return runLoad<HotResult>('hot.ts', {
    kind,
    base,
    fixture: ctx.fixtureFile,
    users: ctx.sizes.hotUsers,
    eventId: ctx.fixture.eventId,
    seatIds: ctx.seats(SEAT_BLOCKS.hot, ctx.sizes.hotSeats),
    durationMs: durationMs(),
    warmupRounds: 1,
    tries: 3,
    checkUrl: ctx.db.url,
    table: kind === 'bare' ? 'bench_event_seats' : 'event_seats',
  }).result;
}

export const hot: Row = {
  id: 'hot',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const bare = await ctx.server('bare-hold');
    const runs: HotResult[] = [];
    const rules: HotResult[] = [];
    const bareRuns = await repeat(ctx, async () => {
      runs.push(await hotLoad(ctx, 'seats', seats.url));
      rules.push(await hotLoad(ctx, 'rules', bare.url));
      return hotLoad(ctx, 'bare', bare.url);
    });
    for (const run of [...runs, ...rules, ...bareRuns]) warnErrors('hot hall', run.errors);
    const what = `${ctx.sizes.hotUsers} users for ${ctx.sizes.hotSeats} seats`;
    const baseline = (figures: number[]) => ({ label: 'bare Express+pg', figures });
    return [
      {
        row: 'hot',
        label: `hot hall, ${what}: attempts/s`,
        unit: '/s',
        figures: runs.map((run) => run.attemptsPerSecond),
        baseline: baseline(bareRuns.map((run) => run.attemptsPerSecond)),
        details: { seats: runs, bare: bareRuns },
      },
      {
        row: 'hot',
        label: `hot hall, ${what}: attempt p99`,
        unit: 'ms',
        figures: runs.map((run) => run.latency.attempt?.p99 ?? NaN),
        baseline: baseline(bareRuns.map((run) => run.latency.attempt?.p99 ?? NaN)),
      },
      {
        row: 'hot',
        label: `hot hall: the hold rules' SQL alone (bare Express calling hold_places): attempts/s`,
        unit: '/s',
        figures: rules.map((run) => run.attemptsPerSecond),
        baseline: baseline(bareRuns.map((run) => run.attemptsPerSecond)),
        details: { rules },
      },
      {
        row: 'hot',
        label: `hot hall: the hold rules' SQL alone: attempt p99`,
        unit: 'ms',
        figures: rules.map((run) => run.latency.attempt?.p99 ?? NaN),
        baseline: baseline(bareRuns.map((run) => run.latency.attempt?.p99 ?? NaN)),
      },
      {
        row: 'hot',
        label: `hot hall, the hold rules' SQL alone: oversells (SQL vs 201s)`,
        unit: '',
        figures: rules.map((run) => run.oversells),
        baseline: baseline(bareRuns.map((run) => run.oversells)),
      },
      {
        row: 'hot',
        label: `hot hall: oversells (SQL vs 201s)`,
        unit: '',
        figures: runs.map((run) => run.oversells),
        baseline: baseline(bareRuns.map((run) => run.oversells)),
      },
    ];
  },
};
