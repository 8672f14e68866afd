import type { Transaction } from 'sequelize';
import { testSequelize } from './db.js';

/**
 * Everything that must hold for an event's inventory, checked by SQL against the rows
 * themselves. Answers the violations found, each in words; none means nothing was sold
 * twice, nothing was lost, and the books balance.
 */
export async function inventoryViolations(
  eventId: number,
  transaction?: Transaction,
): Promise<string[]> {
  const checks: Array<[string, string]> = [
    [
      'a seat in two confirmed bookings',
      `SELECT bi.seat_id FROM booking_items bi JOIN bookings b ON b.id = bi.booking_id
        WHERE b.event_id = :eventId AND b.status = 'confirmed' AND bi.seat_id IS NOT NULL
        GROUP BY bi.seat_id HAVING count(*) > 1`,
    ],
    [
      'a seat with two valid tickets',
      `SELECT seat_id FROM tickets WHERE event_id = :eventId AND status = 'valid' AND seat_id IS NOT NULL
        GROUP BY seat_id HAVING count(*) > 1`,
    ],
    [
      'a booked seat whose booking is not confirmed, or a confirmed booking’s seat not booked by it',
      `SELECT es.seat_id FROM event_seats es LEFT JOIN bookings b ON b.id = es.booking_id
        WHERE es.event_id = :eventId AND es.status = 'booked' AND (b.status IS DISTINCT FROM 'confirmed')
       UNION ALL
       SELECT bi.seat_id FROM booking_items bi JOIN bookings b ON b.id = bi.booking_id
         JOIN event_seats es ON es.event_id = b.event_id AND es.seat_id = bi.seat_id
        WHERE b.event_id = :eventId AND b.status = 'confirmed' AND es.booking_id IS DISTINCT FROM b.id`,
    ],
    [
      'a seat held by a hold that is not active',
      `SELECT es.seat_id FROM event_seats es JOIN holds h ON h.id = es.hold_id
        WHERE es.event_id = :eventId AND es.status = 'held' AND h.status <> 'active'`,
    ],
    [
      'tickets that do not match the booked seats and sold places',
      `SELECT 1 WHERE
         (SELECT count(*) FROM tickets WHERE event_id = :eventId AND status = 'valid' AND seat_id IS NOT NULL)
           <> (SELECT count(*) FROM event_seats WHERE event_id = :eventId AND status = 'booked')
         OR (SELECT count(*) FROM tickets WHERE event_id = :eventId AND status = 'valid' AND seat_id IS NULL)
           <> (SELECT COALESCE(sum(sold), 0) FROM event_sections WHERE event_id = :eventId)`,
    ],
    [
      'standing places held and sold beyond capacity',
      `SELECT section_id FROM event_sections WHERE event_id = :eventId AND held + sold > capacity`,
    ],
    [
      'standing places sold that no confirmed booking paid for',
      `SELECT g.section_id FROM event_sections g WHERE g.event_id = :eventId AND g.sold <> COALESCE((
         SELECT sum(bi.quantity) FROM booking_items bi JOIN bookings b ON b.id = bi.booking_id
          WHERE b.event_id = g.event_id AND b.status = 'confirmed' AND bi.section_id = g.section_id
            AND bi.seat_id IS NULL), 0)`,
    ],
    [
      'standing places counted as held that do not match the holds’ places',
      `SELECT g.section_id FROM event_sections g WHERE g.event_id = :eventId AND g.held <> COALESCE((
         SELECT sum(hs.quantity) FROM hold_sections hs
          WHERE hs.event_id = g.event_id AND hs.section_id = g.section_id), 0)`,
    ],
    [
      'a standing place held by a hold that has ended',
      `SELECT hs.hold_id FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
        WHERE hs.event_id = :eventId AND hs.quantity > 0 AND h.status <> 'active'`,
    ],
    [
      'a coupon used more often than its limit, or its count not matching its paid bookings',
      `SELECT c.id FROM coupons c WHERE c.used_count > c.usage_limit OR c.used_count <> (
         SELECT count(*) FROM bookings b WHERE b.coupon_id = c.id AND b.confirmed_at IS NOT NULL)`,
    ],
    [
      'a refund still owed',
      `SELECT p.id FROM payments p JOIN bookings b ON b.id = p.booking_id
        WHERE b.event_id = :eventId AND p.status = 'pending'`,
    ],
    [
      'money kept that should not be: a charge not given back for a booking not confirmed, or a confirmed booking not keeping exactly one charge',
      `SELECT c.id FROM payments c JOIN bookings b ON b.id = c.booking_id
        WHERE b.event_id = :eventId AND b.status <> 'confirmed' AND c.kind = 'charge'
          AND c.status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = c.id)
       UNION ALL
       SELECT NULL FROM bookings b WHERE b.event_id = :eventId AND b.status = 'confirmed' AND (
         SELECT count(*) FROM payments c WHERE c.booking_id = b.id AND c.kind = 'charge'
            AND c.status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = c.id)) <> 1`,
    ],
  ];
  const violations: string[] = [];
  for (const [what, sql] of checks) {
    const [rows] = await testSequelize().query(sql, { replacements: { eventId }, transaction });
    if (rows.length) violations.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  }
  return violations;
}
