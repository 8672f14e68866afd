import type { SeatChangeSet } from '../shared/socket-contract.js';
import { SEAT_STATUS, STANDING_LEFT } from './seat-state.js';
import { inTransaction, selectRows } from './sql.js';

/**
 * The next change set of an event's map: its version goes up by one, and the seats and
 * sections named are read as they are now (with the sections of those seats). Null for
 * an event that has no map (never published).
 */
export function changeSetOf(
  eventId: number,
  seatIds: number[],
  sectionIds: number[],
): Promise<SeatChangeSet | null> {
  return inTransaction(async (transaction) => {
    const [row] = await selectRows<{ version: string }>(
      `UPDATE seat_map_versions SET version = version + 1 WHERE event_id = :eventId
       RETURNING version`,
      { eventId },
      transaction,
    );
    if (!row) return null;
    const seats = await selectRows<{
      id: number;
      section_id: number;
      status: 'available' | 'held' | 'booked';
    }>(
      `SELECT es.seat_id AS id, s.section_id, ${SEAT_STATUS} AS status
         FROM event_seats es JOIN seats s ON s.id = es.seat_id
        WHERE es.event_id = :eventId AND es.seat_id IN (:seatIds) ORDER BY es.seat_id`,
      { eventId, seatIds: seatIds.length ? seatIds : [0] },
      transaction,
    );
    const touched = [...new Set([...sectionIds, ...seats.map((seat) => seat.section_id)])];
    const sections = await selectRows<{ id: number; available: number }>(
      `SELECT c.id,
              (CASE WHEN c.kind = 'general_admission' THEN ${STANDING_LEFT}
                    ELSE (SELECT count(*) FROM event_seats es JOIN seats s ON s.id = es.seat_id
                           WHERE es.event_id = :eventId AND s.section_id = c.id
                             AND ${SEAT_STATUS} = 'available') END)::int AS available
         FROM sections c
         LEFT JOIN event_sections g ON g.event_id = :eventId AND g.section_id = c.id
        WHERE c.id IN (:touched) ORDER BY c.id`,
      { eventId, touched: touched.length ? touched : [0] },
      transaction,
    );
    return {
      event_id: eventId,
      version: Number(row.version),
      seats: seats.map((seat) => ({ id: seat.id, status: seat.status })),
      sections,
    };
  });
}
