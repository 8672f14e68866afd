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
    const guarded: HotResult[] = [];
    const bareRuns = await repeat(ctx, async () => {
      runs.push(await hotLoad(ctx, 'seats', seats.url));
      rules.push(await hotLoad(ctx, 'rules', bare.url));
      guarded.push(await hotLoad(ctx, 'guarded', bare.url));
      return hotLoad(ctx, 'bare', bare.url);
    });
    for (const run of [...runs, ...rules, ...guarded, ...bareRuns])
      warnErrors('hot hall', run.errors);
    const what = `${ctx.sizes.hotUsers} users for ${ctx.sizes.hotSeats} seats`;
    const baseline = (figures: number[]) => ({ label: 'bare Express+pg', figures });
    /** Attempts/s, p99 and oversells of one kind of run against the bare endpoint's. */
    const linesOf = (name: string, measured: HotResult[], details: Record<string, unknown>) => [
      {
        row: 'hot',
        label: `${name}: attempts/s`,
        unit: '/s',
        figures: measured.map((run) => run.attemptsPerSecond),
        baseline: baseline(bareRuns.map((run) => run.attemptsPerSecond)),
        details,
      },
      {
        row: 'hot',
        label: `${name}: attempt p99`,
        unit: 'ms',
        figures: measured.map((run) => run.latency.attempt?.p99 ?? NaN),
        baseline: baseline(bareRuns.map((run) => run.latency.attempt?.p99 ?? NaN)),
      },
      {
        row: 'hot',
        label: `${name}: oversells (SQL vs 201s)`,
        unit: '',
        figures: measured.map((run) => run.oversells),
        baseline: baseline(bareRuns.map((run) => run.oversells)),
      },
    ];
    return [
      ...linesOf(`hot hall, ${what}`, runs, { seats: runs, bare: bareRuns }),
      ...linesOf(`hot hall: the hold rules' SQL alone (bare Express calling hold_places)`, rules, {
        rules,
      }),
      ...linesOf(
        `hot hall: the same behind the standard middleware (log, compression, headers, CORS)`,
        guarded,
        { guarded },
      ),
    ];
  },
};
