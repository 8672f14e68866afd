// Authenticated hold of 4 seats + release, each user on seats of their own, against the
// bare Express + pg endpoint doing the same UPDATE under the same concurrency.
import { availableParallelism } from 'node:os';
import { holdLoad, repeat, warnErrors, type Row } from './shared.js';

/** The hold goal: Seats' holds/s at least this share of the bare endpoint's. */
const GOAL = 0.7;

export const hold: Row = {
  id: 'hold',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const bareServer = await ctx.server('bare-hold');
    // In turn, each repetition: Seats, its statements alone, the bare endpoint; so that
    // none of them meets a table the others have grown more than its share.
    const runs: Measured[] = [];
    const rules: Measured[] = [];
    const bare = await repeat(ctx, async () => {
      runs.push(await holdLoad(ctx, 'seats', seats));
      rules.push(await holdLoad(ctx, 'rules', bareServer));
      return holdLoad(ctx, 'bare', bareServer);
    });
    ctx.offer('bare-hold', bare);
    for (const run of [...runs, ...bare, ...rules]) warnErrors('hold', run.errors);
    const users = ctx.sizes.holdUsers;
    const label = 'bare Express+pg';
    const latency = (name: string, q: 'p50' | 'p99') => ({
      row: 'hold',
      label: `hold, ${users} users: ${name} ${q}`,
      unit: 'ms',
      figures: runs.map((run) => run.latency[name]?.[q] ?? NaN),
      baseline: { label, figures: bare.map((run) => run.latency[name]?.[q] ?? NaN) },
    });
    const cpuLine = (
      text: string,
      measured: Measured[],
      field: 'serverCpuMsPerCycle' | 'postgresCpuMsPerCycle',
    ) =>
      [...measured, ...bare].every((run) => run[field] !== null)
        ? [
            {
              row: 'hold',
              label: text,
              unit: 'ms',
              figures: measured.map((run) => run[field]!),
              baseline: { label, figures: bare.map((run) => run[field]!) },
            },
          ]
        : [];
    return [
      {
        row: 'hold',
        label: `hold 4 seats + release, ${users} users: holds/s`,
        unit: '/s',
        figures: runs.map((run) => run.cyclesPerSecond),
        baseline: { label, figures: bare.map((run) => run.cyclesPerSecond) },
        details: { seats: runs, bare },
      },
      {
        row: 'hold',
        label: `the hold rules' SQL alone (bare Express calling hold_places): holds/s`,
        unit: '/s',
        figures: rules.map((run) => run.cyclesPerSecond),
        baseline: { label, figures: bare.map((run) => run.cyclesPerSecond) },
        details: { rules },
      },
      // CPU per cycle, steadier than throughput from run to run: the Node.js process's
      // own (what to compare a change of Seats' request path by), and PostgreSQL's (a
      // change of the statements), Seats' and its statements' alone.
      ...cpuLine(
        `hold + release: CPU of the server's process per cycle`,
        runs,
        'serverCpuMsPerCycle',
      ),
      ...cpuLine(`hold + release: PostgreSQL's CPU per cycle`, runs, 'postgresCpuMsPerCycle'),
      ...cpuLine(
        `the hold rules' SQL alone: PostgreSQL's CPU per cycle`,
        rules,
        'postgresCpuMsPerCycle',
      ),
      ...addedAgainstGoal(runs, rules, bare),
      latency('hold', 'p50'),
      latency('hold', 'p99'),
    ];
  },
};

type Measured = Awaited<ReturnType<typeof holdLoad>>;

/**
 * What Seats adds per cycle (its own process, and PostgreSQL's work beyond the hold
 * rules' statements: change sets, map reads) against what the goal leaves it. At the
 * goal the whole machine may spend its cores ÷ (0.7 × the bare holds/s) per cycle; the
 * rules' own statements (the rules run) already make PostgreSQL and the load generator
 * spend their part of that. Above 1×, Seats adds more than the goal leaves.
 */
function addedAgainstGoal(seats: Measured[], rules: Measured[], bare: Measured[]) {
  const runs = [...seats, ...rules, ...bare];
  if (runs.some((run) => run.serverCpuMsPerCycle === null || run.postgresCpuMsPerCycle === null))
    return [];
  const cores = availableParallelism();
  const label = 'bare Express+pg';
  return [
    {
      row: 'hold',
      label: `the hold rules' SQL alone: the load generator's CPU per cycle`,
      unit: 'ms',
      figures: rules.map((run) => run.loadCpuMsPerCycle),
      baseline: { label, figures: bare.map((run) => run.loadCpuMsPerCycle) },
    },
    {
      row: 'hold',
      label: `hold + release: CPU Seats adds per cycle (its process, PostgreSQL beyond the rules)`,
      unit: 'ms',
      figures: seats.map(
        (run, index) =>
          run.serverCpuMsPerCycle! +
          Math.max(0, run.postgresCpuMsPerCycle! - rules[index]!.postgresCpuMsPerCycle!),
      ),
      baseline: {
        label: `what the goal leaves it (${cores} cores, less the rules' PostgreSQL and load)`,
        figures: rules.map(
          (run, index) =>
            (cores * 1000) / (GOAL * bare[index]!.cyclesPerSecond) -
            run.postgresCpuMsPerCycle! -
            run.loadCpuMsPerCycle,
        ),
      },
    },
  ];
}
