import { lockHold, type HoldRow, type SeatChanges } from './holds.js';
import { lockPlaces } from './inventory/locks.js';
import { endHold } from './inventory/release.js';
import { execute, inTransaction, selectRows } from './sql.js';

export interface Swept {
  holds: Array<{ id: string; userId: number; changes: SeatChanges }>;
  bookings: Array<{ id: string; userId: number; changes: SeatChanges | null }>;
}

/**
 * Ends holds whose time is up and expires bookings left unpaid past their window, a
 * batch at a time. Rows are claimed with SKIP LOCKED: several processes can sweep at
 * once without waiting for each other or ending anything twice, and a hold a checkout is
 * paying for right now is left for the next sweep.
 */
export async function sweepExpired(batch = 200): Promise<Swept> {
  const holds = await inTransaction(async (transaction) => {
    const due = await selectRows<HoldRow>(
      `SELECT id, event_id, user_id, customer_name, status, expires_at, extensions, true AS lapsed
         FROM holds WHERE status = 'active' AND expires_at <= now()
        ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED`,
      { batch },
      transaction,
    );
    // All their places (seats, then standing rows) before any is freed, an event at a
    // time in event order, as every writer locks them.
    const events = [...new Set(due.map((hold) => hold.event_id))].sort((a, b) => a - b);
    for (const eventId of events)
      await lockPlaces(
        eventId,
        { heldBy: due.filter((hold) => hold.event_id === eventId).map((hold) => hold.id) },
        transaction,
      );
    const ended = [];
    for (const hold of due)
      ended.push({
        id: hold.id,
        userId: hold.user_id,
        changes: await endHold(hold, 'expired', transaction),
      });
    return ended;
  });
  const bookings = await inTransaction(async (transaction) => {
    const due = await selectRows<{
      id: string;
      user_id: number;
      hold_id: string | null;
    }>(
      `SELECT id, user_id, hold_id FROM bookings
        WHERE status = 'pending' AND expires_at <= now()
        ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED`,
      { batch },
      transaction,
    );
    const expired = [];
    for (const booking of due) {
      let changes: SeatChanges | null = null;
      if (booking.hold_id) {
        const hold = await lockHold(booking.hold_id, transaction);
        if (hold.status === 'active') changes = await endHold(hold, 'expired', transaction);
      }
      await execute(
        `UPDATE bookings SET status = 'expired', version = version + 1, updated_at = now()
          WHERE id = :id`,
        { id: booking.id },
        transaction,
      );
      expired.push({ id: booking.id, userId: booking.user_id, changes });
    }
    return expired;
  });
  return { holds, bookings };
}
