// An on-sale run (bench/load/onsale.ts) on a fresh 2,000-seat event each repetition
// (1,500 stalls + 500 balcony, all seated), then SQL on what was sold: the test kit's
// inventory invariants, exactly one valid ticket per seat, and every place sold. Its
// bookings/s is compared with the bare endpoint's hold + release cycles/s (the hold row).
import { QueryTypes } from 'sequelize';
import { inventoryViolations } from '../../test/support/invariants.js';
import type { BenchContext } from '../context.js';
import type { OnSaleResult } from '../load/onsale.js';
import { runLoad } from '../processes.js';
import type { Line } from '../report.js';
import { onSaleEvent } from '../seed.js';
import { bareHoldRuns, repeat, say, type Row } from './shared.js';

interface Checked extends OnSaleResult {
  eventPlaces: number;
  violations: string[];
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
  if (row!.booked !== row!.places) violations.push(`${row!.places - row!.booked} places not sold`);
  return { places: row!.places, violations };
}

export const onsale: Row = {
  id: 'onsale',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const runs = await repeat(ctx, async (rep): Promise<Checked> => {
      const event = await onSaleEvent(ctx.onSaleHall, `On sale ${rep + 1}`);
      const result = await runLoad<OnSaleResult>('onsale.ts', {
        base: seats.url,
        fixture: ctx.fixtureFile,
        eventId: event.eventId,
        buyers: ctx.sizes.buyers,
        atOnce: ctx.sizes.buyersAtOnce,
      }).result;
      const { places, violations } = await check(ctx, event.eventId);
      for (const violation of violations) say(`WARNING on-sale: ${violation}`);
      return { ...result, eventPlaces: places, violations };
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
