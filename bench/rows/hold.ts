// Authenticated hold of 4 seats + release, each user on seats of their own, against the
// bare Express + pg endpoint doing the same UPDATE under the same concurrency.
import { availableParallelism } from 'node:os';
import { holdLoad, repeat, warnErrors, type Row } from './shared.js';

/** The hold goal: Seats' holds/s at least this share of the bare endpoint's. */
const GOAL = 0.7;
const BARE = 'bare Express+pg';

export const hold: Row = {
  id: 'hold',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const bareServer = await ctx.server('bare-hold');
    // In turn, each repetition: Seats, its statements alone, its statements behind the
    // standard middleware, the bare endpoint; so that none of them meets a table the
    // others have grown more than its share.
    const runs: Measured[] = [];
    const rules: Measured[] = [];
    const guarded: Measured[] = [];
    const bare = await repeat(ctx, async () => {
      runs.push(await holdLoad(ctx, 'seats', seats));
      rules.push(await holdLoad(ctx, 'rules', bareServer));
      guarded.push(await holdLoad(ctx, 'guarded', bareServer));
      return holdLoad(ctx, 'bare', bareServer);
    });
    ctx.offer('bare-hold', bare);
    for (const run of [...runs, ...bare, ...rules, ...guarded]) warnErrors('hold', run.errors);
    const users = ctx.sizes.holdUsers;
    const label = BARE;
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
      {
        row: 'hold',
        label: `the same behind the standard middleware (log, compression, headers, CORS): holds/s`,
        unit: '/s',
        figures: guarded.map((run) => run.cyclesPerSecond),
        baseline: { label, figures: bare.map((run) => run.cyclesPerSecond) },
        details: { guarded },
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
      ...addedAgainstGoal(runs, rules, guarded, bare),
      latency('hold', 'p50'),
      latency('hold', 'p99'),
    ];
  },
};

type Measured = Awaited<ReturnType<typeof holdLoad>>;

/**
 * What the goal leaves Seats per cycle beyond the bare server calling its statements,
 * against what it adds. At the goal the whole machine may spend its cores ÷ (0.7 × the
 * bare holds/s) per cycle, all of it busy. The rules run measures what those statements
 * cost with the least Node.js in front of them: PostgreSQL's, the load generator's and
 * that server's own CPU. What is left is for everything Seats does beyond it: the
 * standard middleware (the guarded run less the rules run), authentication, validation,
 * the method layer, the presenters, the live seat feed and its PostgreSQL work. Above 1×,
 * more than the goal leaves; at or below zero left, the statements alone spend it all.
 */
function addedAgainstGoal(
  seats: Measured[],
  rules: Measured[],
  guarded: Measured[],
  bare: Measured[],
) {
  const runs = [...seats, ...rules, ...guarded, ...bare];
  if (runs.some((run) => run.serverCpuMsPerCycle === null || run.postgresCpuMsPerCycle === null))
    return [];
  const cpu = (run: Measured) => ({
    server: run.serverCpuMsPerCycle!,
    pg: run.postgresCpuMsPerCycle!,
  });
  const cores = availableParallelism();
  const left = {
    label: `what the goal leaves beyond the rules' server (${cores} cores, less the rules run's CPU)`,
    figures: rules.map(
      (run, index) =>
        (cores * 1000) / (GOAL * bare[index]!.cyclesPerSecond) -
        cpu(run).pg -
        run.loadCpuMsPerCycle -
        cpu(run).server,
    ),
  };
  return [
    {
      row: 'hold',
      label: `the hold rules' SQL alone: the load generator's CPU per cycle`,
      unit: 'ms',
      figures: rules.map((run) => run.loadCpuMsPerCycle),
      baseline: { label: BARE, figures: bare.map((run) => run.loadCpuMsPerCycle) },
    },
    {
      row: 'hold',
      label: `the standard middleware alone: CPU per cycle (behind it less without it)`,
      unit: 'ms',
      figures: guarded.map((run, index) => cpu(run).server - cpu(rules[index]!).server),
      baseline: left,
    },
    {
      row: 'hold',
      label: `hold + release: CPU Seats adds per cycle beyond the rules' server (its process, PostgreSQL beyond the rules)`,
      unit: 'ms',
      figures: seats.map(
        (run, index) =>
          cpu(run).server -
          cpu(rules[index]!).server +
          Math.max(0, cpu(run).pg - cpu(rules[index]!).pg),
      ),
      baseline: left,
    },
  ];
}
