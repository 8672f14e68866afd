import { QueryTypes, Transaction } from 'sequelize';
import { Event } from './event.js';

export interface SeatMapSeat {
  id: number;
  section_id: number;
  row: string;
  number: number;
  x: number;
  y: number;
  accessible: boolean;
  status: 'available' | 'held' | 'booked';
}

export interface SeatMapSection {
  id: number;
  name: string;
  kind: 'seated' | 'general_admission';
  capacity: number;
  available: number;
  area: { x: number; y: number; width: number; height: number } | null;
}

export interface SeatMap {
  version: number;
  seats: SeatMapSeat[];
  sections: SeatMapSection[];
}

/**
 * An event's seats with their state now, its sections with the places left, and the
 * version of the map. A draft has no inventory yet: its hall's seats show as available,
 * at version 0. Read in one snapshot, so the version and the states belong together.
 */
export async function seatMapOf(eventId: number): Promise<SeatMap> {
  const sequelize = Event.sequelize!;
  return sequelize.transaction(
    { isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ },
    async (transaction) => {
      const options = { replacements: { eventId }, type: QueryTypes.SELECT, transaction } as const;
      const [version] = await sequelize.query<{ version: string }>(
        'SELECT version FROM seat_map_versions WHERE event_id = :eventId',
        options,
      );
      const seats = await sequelize.query<SeatMapSeat>(
        `SELECT s.id, s.section_id, s.row_label AS row, s.number, s.x, s.y, s.accessible,
              COALESCE(es.status, 'available') AS status
         FROM events e
         JOIN sections c ON c.hall_id = e.hall_id
         JOIN seats s ON s.section_id = c.id
         LEFT JOIN event_seats es ON es.event_id = e.id AND es.seat_id = s.id
        WHERE e.id = :eventId ORDER BY c.position, s.y, s.x`,
        options,
      );
      const sections = await sequelize.query<SeatMapSection>(
        `SELECT c.id, c.name, c.kind, c.capacity, c.area,
              CASE WHEN c.kind = 'general_admission'
                   THEN COALESCE(g.capacity - g.held - g.sold, c.capacity)
                   ELSE (SELECT count(*) FROM seats s
                           LEFT JOIN event_seats es ON es.event_id = e.id AND es.seat_id = s.id
                          WHERE s.section_id = c.id AND COALESCE(es.status, 'available') = 'available')
              END::int AS available
         FROM events e JOIN sections c ON c.hall_id = e.hall_id
         LEFT JOIN event_sections g ON g.event_id = e.id AND g.section_id = c.id
        WHERE e.id = :eventId ORDER BY c.position`,
        options,
      );
      return { version: Number(version?.version ?? 0), seats, sections };
    },
  );
}
