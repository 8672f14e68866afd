import type { SeatChangeSet } from '../shared/socket-contract.js';
import { selectRows } from './sql.js';

/**
 * The next change set of an event's map: its version goes up by one, and the seats and
 * sections named are read as they are now (with the sections of those seats). Null for
 * an event that has no map (never published). One call of a server-side function
 * (migration 0009), which keeps the version row locked while it reads, so change sets
 * stay in order however many processes write them.
 */
export async function changeSetOf(
  eventId: number,
  seatIds: number[],
  sectionIds: number[],
): Promise<SeatChangeSet | null> {
  const [row] = await selectRows<{ change: SeatChangeSet | null }>(
    'SELECT seat_change_set(:eventId, :seatIds::int[], :sectionIds::int[]) AS change',
    { eventId, seatIds: `{${seatIds.join(',')}}`, sectionIds: `{${sectionIds.join(',')}}` },
  );
  return row?.change ?? null;
}
