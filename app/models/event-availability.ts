import { QueryTypes } from 'sequelize';
import { Event } from './event.js';
import { SEAT_STATUS, STANDING_LEFT } from './seat-state.js';

export interface Availability {
  available: number;
  total: number;
}

/** Places left and places in all, per published event: free seats plus free standing places. */
export async function availabilityOf(eventIds: number[]): Promise<Map<number, Availability>> {
  if (!eventIds.length) return new Map();
  const rows = await Event.sequelize!.query<{ event_id: number; available: string; total: string }>(
    `SELECT event_id, sum(available) AS available, sum(total) AS total FROM (
       SELECT event_id, count(*) FILTER (WHERE ${SEAT_STATUS} = 'available') AS available,
              count(*) AS total
         FROM event_seats es WHERE event_id IN (:ids) GROUP BY event_id
       UNION ALL
       SELECT event_id, sum(${STANDING_LEFT}), sum(capacity)
         FROM event_sections g WHERE event_id IN (:ids) GROUP BY event_id
     ) parts GROUP BY event_id`,
    { replacements: { ids: eventIds }, type: QueryTypes.SELECT },
  );
  return new Map(
    rows.map((row) => [
      row.event_id,
      { available: Number(row.available), total: Number(row.total) },
    ]),
  );
}

/** "few left" below a tenth of the house (at most twenty places), "sold out" at none. */
export function badgeFor(availability: Availability | undefined): 'sold_out' | 'few_left' | null {
  if (!availability) return null;
  if (availability.available === 0) return 'sold_out';
  if (availability.available < Math.min(20, Math.max(1, availability.total / 10)))
    return 'few_left';
  return null;
}
