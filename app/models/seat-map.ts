import { QueryTypes } from 'sequelize';
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

/** An event's seats with their state now, and its sections with the places left. */
export async function seatMapOf(
  eventId: number,
): Promise<{ seats: SeatMapSeat[]; sections: SeatMapSection[] }> {
  const sequelize = Event.sequelize!;
  const seats = await sequelize.query<SeatMapSeat>(
    `SELECT s.id, s.section_id, s.row_label AS row, s.number, s.x, s.y, s.accessible, es.status
       FROM event_seats es JOIN seats s ON s.id = es.seat_id
      WHERE es.event_id = :eventId ORDER BY s.section_id, s.y, s.x`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  const sections = await sequelize.query<SeatMapSection>(
    `SELECT c.id, c.name, c.kind, c.capacity, c.area,
            COALESCE(g.capacity - g.held - g.sold,
                     (SELECT count(*) FROM event_seats es JOIN seats s ON s.id = es.seat_id
                       WHERE es.event_id = :eventId AND s.section_id = c.id AND es.status = 'available'))::int AS available
       FROM events e JOIN sections c ON c.hall_id = e.hall_id
       LEFT JOIN event_sections g ON g.event_id = e.id AND g.section_id = c.id
      WHERE e.id = :eventId ORDER BY c.position`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  return { seats, sections };
}
