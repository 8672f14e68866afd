import { QueryTypes } from 'sequelize';
import { Event } from './event.js';
import { SEAT_STATUS, STANDING_LEFT } from './seat-state.js';

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
 * at version 0. One statement, so one snapshot: the version and the states belong
 * together. PostgreSQL builds the JSON, which costs far less than 2,000 rows through
 * the driver.
 */
export async function seatMapOf(eventId: number): Promise<SeatMap> {
  const [row] = await Event.sequelize!.query<{
    map: Omit<SeatMap, 'sections'> & {
      sections: Array<Omit<SeatMapSection, 'available'> & { available: number | null }>;
    };
  }>(
    `SELECT json_build_object(
       'version', COALESCE((SELECT version FROM seat_map_versions WHERE event_id = e.id), 0),
       'seats', COALESCE((
         SELECT json_agg(json_build_object(
                  'id', s.id, 'section_id', s.section_id, 'row', s.row_label, 'number', s.number,
                  'x', s.x, 'y', s.y, 'accessible', s.accessible,
                  'status', COALESCE(${SEAT_STATUS}, 'available'))
                ORDER BY c.position, s.y, s.x)
           FROM sections c
           JOIN seats s ON s.section_id = c.id
           LEFT JOIN event_seats es ON es.event_id = e.id AND es.seat_id = s.id
          WHERE c.hall_id = e.hall_id), '[]'),
       'sections', COALESCE((
         SELECT json_agg(json_build_object(
                  'id', c.id, 'name', c.name, 'kind', c.kind, 'capacity', c.capacity, 'area', c.area,
                  'available', CASE WHEN c.kind = 'general_admission'
                                    THEN COALESCE(${STANDING_LEFT}, c.capacity) END)
                ORDER BY c.position)
           FROM sections c
           LEFT JOIN event_sections g ON g.event_id = e.id AND g.section_id = c.id
          WHERE c.hall_id = e.hall_id), '[]')
     ) AS map
     FROM events e WHERE e.id = :eventId`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  if (!row) return { version: 0, seats: [], sections: [] };
  const { map } = row;
  // Seated sections count their free seats from the seats just read.
  const free = new Map<number, number>();
  for (const seat of map.seats)
    if (seat.status === 'available')
      free.set(seat.section_id, (free.get(seat.section_id) ?? 0) + 1);
  return {
    version: Number(map.version),
    seats: map.seats,
    sections: map.sections.map((section) => ({
      ...section,
      available: section.available ?? free.get(section.id) ?? 0,
    })),
  };
}
