import type { Transaction } from 'sequelize';
import type { BookingRules } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { keepHeldUntil } from './inventory/extend.js';
import { selectRows } from './sql.js';

// Hold rows (docs/booking.md, States): read, locked, extended. What a hold takes and gives back is the
// inventory's (./inventory/): a hold and a release are each one server-side statement.
//
// A seat is free when it is available, or held by a hold whose time is up: `held_until`
// is on the seat row itself, so an expired hold stops counting the moment it expires,
// sweeper or not. Standing places are counted in `event_sections.held`; places of
// expired holds are taken back under that row's lock before a new hold is counted.

export interface HoldRow {
  id: string;
  event_id: number;
  user_id: number;
  customer_name: string | null;
  status: 'active' | 'released' | 'expired' | 'booked';
  expires_at: Date;
  extensions: number;
  /** Whether its time is up (by the database's clock). */
  lapsed: boolean;
}

/** What a change did to an event's map: the seats and sections whose state moved. */
export interface SeatChanges {
  eventId: number;
  seatIds: number[];
  sectionIds: number[];
}

/** What a hold has, as clients see it: its seats and its standing places. */
export interface HoldContents {
  seatIds: number[];
  sections: Array<{ section_id: number; quantity: number }>;
}

/**
 * A hold as the inventory's functions answer it (hold_json and hold_json_of, migrations
 * 0010 and 0013).
 */
export interface HoldJson {
  hold: Omit<HoldRow, 'expires_at'> & { expires_at: string };
  seat_ids: number[];
  sections: HoldContents['sections'];
}

export const holdRowOf = (hold: HoldJson['hold']): HoldRow => ({
  ...hold,
  expires_at: new Date(hold.expires_at),
});

const HOLD_COLUMNS = `id, event_id, user_id, customer_name, status, expires_at, extensions,
  expires_at <= now() AS lapsed`;

/** A hold, locked for the rest of the transaction; NOT_FOUND when there is none. */
export async function lockHold(holdId: string, transaction: Transaction): Promise<HoldRow> {
  const [hold] = await selectRows<HoldRow>(
    `SELECT ${HOLD_COLUMNS} FROM holds WHERE id = :holdId FOR UPDATE`,
    { holdId },
    transaction,
  );
  if (!hold) throw new AppError('NOT_FOUND', 'No such hold.');
  return hold;
}

/** Gives a hold more time (answered with what it has): HOLD_EXPIRED once its time is up, HOLD_LIMIT_EXCEEDED past the last extension. */
export async function extendHold(
  hold: HoldRow,
  rules: BookingRules,
  transaction: Transaction,
): Promise<{ hold: HoldRow; contents: HoldContents }> {
  assertActive(hold);
  if (hold.extensions >= rules.holdMaxExtensions)
    throw new AppError(
      'HOLD_LIMIT_EXCEEDED',
      `A hold can be extended ${rules.holdMaxExtensions} times at most.`,
      { extensions_left: 0 },
    );
  const [extended] = await selectRows<HoldRow>(
    `UPDATE holds SET expires_at = expires_at + make_interval(secs => :seconds),
            extensions = extensions + 1, updated_at = now()
      WHERE id = :holdId RETURNING ${HOLD_COLUMNS}`,
    { seconds: rules.holdExtensionSeconds, holdId: hold.id },
    transaction,
  );
  const contents = await holdContents(hold.id, transaction);
  await keepHeldUntil(extended!, transaction);
  return { hold: extended!, contents };
}

/** The ids of an event's active holds in id order, locked when `lock` says so. */
export async function activeHoldsOf(
  eventId: number,
  transaction: Transaction,
  lock: 'lock' | 'read',
): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    `SELECT id FROM holds WHERE event_id = :eventId AND status = 'active' ORDER BY id
      ${lock === 'lock' ? 'FOR UPDATE' : ''}`,
    { eventId },
    transaction,
  );
  return rows.map((row) => row.id);
}

/** HOLD_EXPIRED unless the hold is active and its time is not up. */
export function assertActive(hold: HoldRow): void {
  if (hold.status !== 'active' || hold.lapsed)
    throw new AppError(
      'HOLD_EXPIRED',
      hold.status === 'active' || hold.status === 'expired'
        ? 'This hold has expired; its seats are free again.'
        : `This hold was ${hold.status}.`,
      { status: hold.lapsed && hold.status === 'active' ? 'expired' : hold.status },
    );
}

/** A hold as clients see it: its seats, its standing places, when it ends. */
export async function holdContents(
  holdId: string,
  transaction?: Transaction,
): Promise<HoldContents> {
  const seats = await selectRows<{ seat_id: number }>(
    `SELECT seat_id FROM event_seats WHERE hold_id = :holdId AND status = 'held' ORDER BY seat_id`,
    { holdId },
    transaction,
  );
  const sections = await selectRows<{ section_id: number; quantity: number }>(
    `SELECT section_id, quantity FROM hold_sections WHERE hold_id = :holdId AND quantity > 0
      ORDER BY section_id`,
    { holdId },
    transaction,
  );
  return { seatIds: seats.map((seat) => seat.seat_id), sections };
}

/** A hold by id, or a user's live hold for an event; undefined when there is none. */
export async function findHold(
  where: { id: string } | { eventId: number; userId: number },
): Promise<HoldRow | undefined> {
  const [hold] =
    'id' in where
      ? await selectRows<HoldRow>(`SELECT ${HOLD_COLUMNS} FROM holds WHERE id = :id`, where)
      : await selectRows<HoldRow>(
          `SELECT ${HOLD_COLUMNS} FROM holds WHERE event_id = :eventId AND user_id = :userId
              AND status = 'active' AND expires_at > now()`,
          where,
        );
  return hold;
}
