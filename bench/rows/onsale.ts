// An on-sale run (bench/load/onsale.ts) on a fresh 2,000-place event each repetition
// (1,500 stalls and 300 balcony seats, 200 standing), then SQL on what was sold: the test
// kit's inventory invariants, exactly one valid ticket per seat, every seat sold, and
// standing sold equal to capacity with a valid ticket each. Its
// bookings/s is compared with the bare endpoint's hold + release cycles/s (the hold row).
import { availableParallelism } from 'node:os';
import { QueryTypes } from 'sequelize';
import { inventoryViolations } from '../../test/support/invariants.js';
import type { BenchContext } from '../context.js';
import { postgresCpuMs, processCpuMs } from '../cpu.js';
import type { OnSaleResult } from '../load/onsale.js';
import { runLoad } from '../processes.js';
import type { Line } from '../report.js';
import { onSaleEvent } from '../seed.js';
import { bareHoldRuns, repeat, say, type Row } from './shared.js';

interface Checked extends OnSaleResult {
  eventPlaces: number;
  violations: string[];
  /** CPU ms of Seats' process and of PostgreSQL during the run (null off Linux). */
  seatsCpuMs: number | null;
  postgresCpuMs: number | null;
}

async function check(
  ctx: BenchContext,
  eventId: number,
): Promise<{ places: number; violations: string[] }> {
  const violations = await inventoryViolations(eventId);
  const [row] = await ctx.sequelize.query<{ places: number; booked: number; wrong: number }>(
    `SELECT count(*)::int AS places,
            count(*) FILTER (WHERE es.status = 'booked')::int AS booked,
            count(*) FILTER (WHERE (SELECT count(*) FROM tickets t WHERE t.event_id = es.event_id
                                      AND t.seat_id = es.seat_id AND t.status = 'valid') <> 1)::int AS wrong
       FROM event_seats es WHERE es.event_id = :eventId`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  if (row!.wrong) violations.push(`${row!.wrong} seats without exactly one valid ticket`);
  if (row!.booked !== row!.places) violations.push(`${row!.places - row!.booked} seats not sold`);
  // Standing sold equal to capacity, with as many valid tickets, none held any more.
  const floors = await ctx.sequelize.query<{
    section_id: number;
    capacity: number;
    sold: number;
    held: number;
    tickets: number;
  }>(
    `SELECT g.section_id, g.capacity, g.sold, g.held,
            (SELECT count(*) FROM tickets t WHERE t.event_id = g.event_id
                AND t.section_id = g.section_id AND t.seat_id IS NULL AND t.status = 'valid')::int AS tickets
       FROM event_sections g WHERE g.event_id = :eventId`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  for (const floor of floors) {
    if (floor.sold !== floor.capacity || floor.held !== 0)
      violations.push(
        `standing section ${floor.section_id}: ${floor.sold} sold, ${floor.held} held of ${floor.capacity}`,
      );
    if (floor.tickets !== floor.sold)
      violations.push(
        `standing section ${floor.section_id}: ${floor.tickets} valid tickets for ${floor.sold} sold`,
      );
  }
  const standing = floors.reduce((sum, floor) => sum + floor.capacity, 0);
  return { places: row!.places + standing, violations };
}

function cpuNow(ctx: BenchContext, seatsPid: number) {
  const postmaster = ctx.db.postmasterPid;
  return { seats: processCpuMs(seatsPid), postgres: postmaster && postgresCpuMs(postmaster) };
}

const difference = (after: number | null, before: number | null) =>
  after === null || before === null ? null : after - before;

/**
 * Where the machine's cores went, per booking, against what the whole machine may spend
 * per booking at the goal (its cores ÷ 0.25 × the bare holds/s): while PostgreSQL and the
 * load generator alone spend more than that, the goal is out of reach here whatever
 * Seats' own process spends (what those two spend follows from Seats' statements and map).
 */
function cpuLines(
  runs: Checked[],
  bare: Array<{ cyclesPerSecond: number }>,
  line: (what: string, unit: string, of: (run: Checked) => number) => Line,
): Line[] {
  if (runs.some((run) => run.seatsCpuMs === null || run.postgresCpuMs === null)) {
    say('on-sale: no CPU split (it needs /proc and a PostgreSQL on this machine)');
    return [];
  }
  const budget = {
    label: `the machine's budget at the goal (${availableParallelism()} cores)`,
    figures: bare.map((run) => (availableParallelism() * 1000) / (0.25 * run.cyclesPerSecond)),
  };
  const perBooking = (what: string, of: (run: Checked) => number): Line => ({
    ...line(`CPU per booking, ${what}`, 'ms', (run) => of(run) / run.bookings),
    baseline: budget,
  });
  return [
    perBooking('Seats', (run) => run.seatsCpuMs!),
    perBooking('PostgreSQL', (run) => run.postgresCpuMs!),
    perBooking('load generator', (run) => run.cpuMs),
    perBooking('PostgreSQL + load generator', (run) => run.postgresCpuMs! + run.cpuMs),
  ];
}

export const onsale: Row = {
  id: 'onsale',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const runs = await repeat(ctx, async (rep): Promise<Checked> => {
      const event = await onSaleEvent(ctx.onSaleHall, `On sale ${rep + 1}`);
      const cpuBefore = cpuNow(ctx, seats.pid);
      const result = await runLoad<OnSaleResult>('onsale.ts', {
        base: seats.url,
        fixture: ctx.fixtureFile,
        eventId: event.eventId,
        buyers: ctx.sizes.buyers,
        atOnce: ctx.sizes.buyersAtOnce,
      }).result;
      const cpuAfter = cpuNow(ctx, seats.pid);
      const { places, violations } = await check(ctx, event.eventId);
      for (const violation of violations) say(`WARNING on-sale: ${violation}`);
      return {
        ...result,
        eventPlaces: places,
        violations,
        seatsCpuMs: difference(cpuAfter.seats, cpuBefore.seats),
        postgresCpuMs: difference(cpuAfter.postgres, cpuBefore.postgres),
      };
    });
    const bare = await bareHoldRuns(ctx);
    const places = runs[0]!.eventPlaces;
    const label = `on-sale, ${ctx.sizes.buyers} buyers for ${places} places`;
    const line = (what: string, unit: string, of: (run: Checked) => number): Line => ({
      row: 'onsale',
      label: `${label}: ${what}`,
      unit,
      figures: runs.map(of),
    });
    const step = (name: string) =>
      line(`${name} p99`, 'ms', (run) => run.latency[name]?.p99 ?? NaN);
    return [
      { ...line('time to sell out', 's', (run) => run.sellOutSeconds), details: { runs } },
      line('places/s', '/s', (run) => run.placesPerSecond),
      {
        ...line('bookings/s', '/s', (run) => run.bookingsPerSecond),
        baseline: {
          label: 'bare hold+release/s (goal ≥ 0.25×)',
          figures: bare.map((run) => run.cyclesPerSecond),
        },
      },
      ...cpuLines(runs, bare, line),
      step('map'),
      step('hold'),
      step('create'),
      step('confirm'),
      line('errors other than SEATS_UNAVAILABLE', '', (run) => run.errorCount),
      line('places sold', '', (run) => run.places),
      line('SQL invariant violations', '', (run) => run.violations.length),
    ];
  },
};
