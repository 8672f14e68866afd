import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { BookingRules } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { SEAT_STATUS } from './seat-state.js';
import { execute, selectRows } from './sql.js';

// Holds (DESIGN §4). Every function here runs inside the caller's transaction and, where
// it can, takes its row locks in one order: events, bookings, holds, event_seats (by seat
// id), event_sections (by section id), hold_sections. A deadlock PostgreSQL reports on
// the few paths that cannot keep it is retried (inTransaction).
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

const HOLD_COLUMNS = `id, event_id, user_id, customer_name, status, expires_at, extensions,
  expires_at <= now() AS lapsed`;

/**
 * The event a hold is for, locked against cancellation (FOR KEY SHARE: edits to the
 * event do not wait for holds, cancelling it does), with the user's active hold for it,
 * locked: one statement, events before holds as the lock order has it. EVENT_NOT_ON_SALE
 * outside its sales window or unless published.
 */
async function lockEventAndHold(eventId: number, userId: number, transaction: Transaction) {
  const [event] = await selectRows<{
    id: number;
    status: string;
    max_per_order: number;
    on_sale: boolean;
    hold: (Omit<HoldRow, 'expires_at'> & { expires_at: string }) | null;
  }>(
    `WITH event AS (
       SELECT id, status, max_per_order,
              now() >= COALESCE(sales_start, '-infinity') AND now() < COALESCE(sales_end, starts_at) AS on_sale
         FROM events WHERE id = :eventId FOR KEY SHARE
     )
     SELECT event.*,
            (SELECT row_to_json(h) FROM (
               SELECT ${HOLD_COLUMNS} FROM holds
                WHERE event_id = :eventId AND user_id = :userId AND status = 'active' FOR UPDATE
             ) h) AS hold
       FROM event`,
    { eventId, userId },
    transaction,
  );
  if (!event) throw new AppError('NOT_FOUND', 'No such event.');
  if (event.status !== 'published' || !event.on_sale)
    throw new AppError('EVENT_NOT_ON_SALE', 'This event is not on sale.', {
      status: event.status,
    });
  const hold = event.hold && { ...event.hold, expires_at: new Date(event.hold.expires_at) };
  return { event, hold };
}

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

function mergeChanges(into: SeatChanges, from: SeatChanges): void {
  into.seatIds.push(...from.seatIds);
  into.sectionIds.push(...from.sectionIds);
}

/** How many places a hold has (its seats plus its standing places), and its booking waiting for payment. */
async function placesIn(holdId: string, transaction: Transaction) {
  const [row] = await selectRows<{ places: number; pending_booking: string | null }>(
    `SELECT ${PLACES_IN_HOLD} AS places, ${PENDING_BOOKING} AS pending_booking`,
    { holdId },
    transaction,
  );
  return { places: row!.places, pendingBooking: row!.pending_booking };
}

// The places hold :holdId has, and its booking waiting for payment, if any.
const PLACES_IN_HOLD = `((SELECT count(*) FROM event_seats WHERE hold_id = :holdId AND status = 'held')::int
  + (SELECT COALESCE(sum(quantity), 0) FROM hold_sections WHERE hold_id = :holdId)::int)`;
const PENDING_BOOKING = `(SELECT id FROM bookings WHERE hold_id = :holdId AND status = 'pending' LIMIT 1)`;

/** Seats, standing places in sections, or both: all taken, or none. */
export interface HoldRequest {
  seatIds: number[];
  sections: Array<{ id: number; quantity: number }>;
}

/** What a hold has, as clients see it: its seats and its standing places. */
export interface HoldContents {
  seatIds: number[];
  sections: Array<{ section_id: number; quantity: number }>;
}

/**
 * Holds seats and standing places for `userId`: all of them or none. The
 * user's active hold for the event grows (up to the event's max_per_order, and without
 * changing its expiry); without one a new hold starts with the full TTL. A staff member
 * may hold for a walk-in customer, named in `customerName`. Seats alone (the common
 * case) take three statements: the event with the user's hold, a new hold if there is
 * none, and the seats, checked and taken in one.
 */
export async function holdPlaces(
  input: {
    eventId: number;
    userId: number;
    customerName?: string;
    request: HoldRequest;
    /** Whether the user waits out the cool-down on seats they just let go (not staff). */
    coolsDown: boolean;
  },
  rules: BookingRules,
  transaction: Transaction,
): Promise<{ hold: HoldRow; changes: SeatChanges; contents: HoldContents }> {
  const locked = await lockEventAndHold(input.eventId, input.userId, transaction);
  const { event } = locked;
  const changes: SeatChanges = { eventId: event.id, seatIds: [], sectionIds: [] };
  let hold = locked.hold;
  if (hold?.lapsed) {
    mergeChanges(changes, await endHold(hold, 'expired', transaction));
    hold = null;
  }
  if (hold && (hold.customer_name ?? null) !== (input.customerName ?? null))
    throw new AppError(
      'INVALID_STATE',
      hold.customer_name
        ? `Your hold for ${hold.customer_name} is still open: book or release it first.`
        : 'Your own hold for this event is still open: book or release it first.',
      { hold_id: hold.id },
    );
  hold ??= await startHold(event.id, input, rules, transaction);
  const { seatIds, sections } = input.request;
  const standing = sections.reduce((sum, section) => sum + section.quantity, 0);
  const limit = { maxPerOrder: event.max_per_order, standing };
  // Seats before section counters, sections in id order: the lock order.
  const cooldown = input.coolsDown ? rules.holdCooldownSeconds : 0;
  let contents: HoldContents | null = null;
  if (seatIds.length) {
    const taken = await holdSeats(hold, seatIds, cooldown, limit, transaction);
    changes.seatIds.push(...taken.seatIds);
    contents = taken.contents;
  } else {
    const placed = await placesIn(hold.id, transaction);
    assertNotCheckingOut(placed.pendingBooking);
    assertWithinLimit(placed.places + standing, limit.maxPerOrder);
  }
  for (const section of [...sections].sort((a, b) => a.id - b.id)) {
    await holdStanding(hold, section, cooldown, transaction);
    changes.sectionIds.push(section.id);
  }
  if (!contents || sections.length) contents = await holdContents(hold.id, transaction);
  return { hold, changes, contents };
}

/** A new hold for the user, with the full time to live. */
async function startHold(
  eventId: number,
  input: { userId: number; customerName?: string },
  rules: BookingRules,
  transaction: Transaction,
): Promise<HoldRow> {
  const [created] = await selectRows<HoldRow>(
    `INSERT INTO holds (id, event_id, user_id, customer_name, expires_at)
     VALUES (:id, :eventId, :userId, :customerName, now() + make_interval(secs => :ttl))
     RETURNING ${HOLD_COLUMNS}`,
    {
      id: randomUUID(),
      eventId,
      userId: input.userId,
      customerName: input.customerName ?? null,
      ttl: rules.holdTtlSeconds,
    },
    transaction,
  );
  return created!;
}

/**
 * INVALID_STATE for a hold with a booking waiting for payment: that booking has the
 * places it was made with, so places added now would be held and never bought.
 */
function assertNotCheckingOut(pendingBooking: string | null): void {
  if (pendingBooking)
    throw new AppError(
      'INVALID_STATE',
      'This hold has a booking waiting for payment: pay for it or cancel it before adding places.',
      { booking_id: pendingBooking },
    );
}

/** HOLD_LIMIT_EXCEEDED when a hold would have more than the event's places per order. */
function assertWithinLimit(places: number, maxPerOrder: number, held = places): void {
  if (places > maxPerOrder)
    throw new AppError(
      'HOLD_LIMIT_EXCEEDED',
      `At most ${maxPerOrder} places per order; this hold has ${held}.`,
      { max_per_order: maxPerOrder, held },
    );
}

/**
 * Takes free seats for a hold, all or none, in one statement that locks them (in seat
 * order), checks every rule and updates them only when all pass; answers the seats it
 * took and what the hold has now. Seats the hold's user let go less than `cooldown`
 * seconds ago are not free for them yet (anti-hoarding): a seat records who released it
 * or let it lapse, and when.
 */
async function holdSeats(
  hold: HoldRow,
  seatIds: number[],
  cooldown: number,
  limit: { maxPerOrder: number; standing: number },
  transaction: Transaction,
): Promise<{ seatIds: number[]; contents: HoldContents }> {
  const wanted = [...new Set(seatIds)].sort((a, b) => a - b);
  const [result] = await selectRows<{
    seats: Array<{ seat_id: number; free: boolean; mine: boolean; wait_s: number | null }>;
    held: number;
    taken: number[] | null;
    before: number[] | null;
    sections: HoldContents['sections'] | null;
    pending_booking: string | null;
    ok: boolean;
  }>(
    `WITH locked AS MATERIALIZED (
       SELECT seat_id,
              ${SEAT_STATUS} = 'available' AS free,
              status = 'held' AND hold_id = :holdId AS mine,
              CASE WHEN released_by = :userId
                   THEN ceil(extract(epoch FROM released_at + make_interval(secs => :cooldown) - now()))::int
              END AS wait_s
         FROM event_seats es WHERE event_id = :eventId AND seat_id IN (:wanted)
        ORDER BY seat_id FOR UPDATE
     ), held AS (
       SELECT ${PLACES_IN_HOLD} AS places, ${PENDING_BOOKING} AS pending_booking
     ), verdict AS (
       SELECT count(*) = :wantedCount
              AND bool_and(free OR mine)
              AND NOT bool_or(free AND NOT mine AND COALESCE(wait_s, 0) > 0)
              AND (SELECT places FROM held) + count(*) FILTER (WHERE NOT mine) + :standing <= :maxPerOrder
              AND (SELECT pending_booking FROM held) IS NULL
              AS ok
         FROM locked
     ), taken AS (
       UPDATE event_seats es SET status = 'held', hold_id = :holdId, held_until = :until
         FROM locked
        WHERE es.event_id = :eventId AND es.seat_id = locked.seat_id AND NOT locked.mine
          AND (SELECT ok FROM verdict)
       RETURNING es.seat_id
     )
     SELECT (SELECT json_agg(locked ORDER BY seat_id) FROM locked) AS seats,
            (SELECT places FROM held) AS held,
            (SELECT pending_booking FROM held) AS pending_booking,
            (SELECT ok FROM verdict) AS ok,
            (SELECT array_agg(seat_id ORDER BY seat_id) FROM taken) AS taken,
            (SELECT array_agg(seat_id ORDER BY seat_id) FROM event_seats
              WHERE hold_id = :holdId AND status = 'held') AS before,
            (SELECT json_agg(json_build_object('section_id', section_id, 'quantity', quantity)
                             ORDER BY section_id)
               FROM hold_sections WHERE hold_id = :holdId AND quantity > 0) AS sections`,
    {
      holdId: hold.id,
      eventId: hold.event_id,
      wanted,
      wantedCount: wanted.length,
      userId: hold.user_id,
      cooldown,
      until: hold.expires_at,
      standing: limit.standing,
      maxPerOrder: limit.maxPerOrder,
    },
    transaction,
  );
  assertNotCheckingOut(result!.pending_booking);
  const rows = result!.seats ?? [];
  const mine = rows.filter((row) => row.mine).length;
  assertWithinLimit(
    result!.held + wanted.length - mine + limit.standing,
    limit.maxPerOrder,
    result!.held,
  );
  const known = new Set(rows.map((row) => row.seat_id));
  const foreign = wanted.filter((id) => !known.has(id));
  if (foreign.length)
    throw new AppError('VALIDATION_FAILED', 'Some seats are not seats of this event.', {
      seat_ids: `not in this event: ${foreign.join(', ')}`,
    });
  const taken = rows.filter((row) => !row.free && !row.mine).map((row) => row.seat_id);
  if (taken.length)
    throw new AppError(
      'SEATS_UNAVAILABLE',
      taken.length === 1
        ? 'That seat was just taken.'
        : `${taken.length} of those seats were just taken.`,
      { seat_ids: taken },
    );
  const cooling = rows.filter((row) => row.free && !row.mine && (row.wait_s ?? 0) > 0);
  if (cooling.length) {
    const wait = Math.max(...cooling.map((row) => row.wait_s!));
    throw new AppError(
      'SEATS_UNAVAILABLE',
      `You let ${cooling.length === 1 ? 'that seat' : 'those seats'} go a moment ago, so others get a turn first. Try again in ${wait} seconds.`,
      { seat_ids: cooling.map((row) => row.seat_id), retry_after_s: wait },
    );
  }
  // The statement and the checks above say the same rules; if they ever differ, fail loudly.
  if (!result!.ok) throw new Error('the hold statement refused seats that every check passed');
  const took = result!.taken ?? [];
  return {
    seatIds: took,
    contents: {
      seatIds: [...(result!.before ?? []), ...took].sort((a, b) => a - b),
      sections: result!.sections ?? [],
    },
  };
}

/**
 * Standing places of one section for a hold. The section's counter row is locked, the
 * places of expired holds in it are given back, then the new places are counted; the
 * table's CHECK (held + sold <= capacity) is the last guard.
 */
async function holdStanding(
  hold: HoldRow,
  section: { id: number; quantity: number },
  cooldown: number,
  transaction: Transaction,
): Promise<void> {
  if (cooldown) await assertStandingCooledDown(hold, section.id, cooldown, transaction);
  const [counter] = await selectRows<{ capacity: number; held: number; sold: number }>(
    `SELECT capacity, held, sold FROM event_sections
      WHERE event_id = :eventId AND section_id = :sectionId FOR UPDATE`,
    { eventId: hold.event_id, sectionId: section.id },
    transaction,
  );
  if (!counter)
    throw new AppError('VALIDATION_FAILED', 'That is not a standing section of this event.', {
      section_id: 'is not a standing section of this event',
    });
  const reclaimed = await reclaimLapsed(hold.event_id, section.id, transaction);
  const held = counter.held - reclaimed;
  const available = counter.capacity - counter.sold - held;
  if (section.quantity > available)
    throw new AppError(
      'SEATS_UNAVAILABLE',
      available ? `Only ${available} places are left there.` : 'No places are left there.',
      { section_id: section.id, available },
    );
  await execute(
    `UPDATE event_sections SET held = held - :reclaimed + :quantity
      WHERE event_id = :eventId AND section_id = :sectionId;
     INSERT INTO hold_sections (hold_id, section_id, event_id, quantity)
     VALUES (:holdId, :sectionId, :eventId, :quantity)
     ON CONFLICT (hold_id, section_id) DO UPDATE SET quantity = hold_sections.quantity + EXCLUDED.quantity`,
    {
      reclaimed,
      eventId: hold.event_id,
      sectionId: section.id,
      holdId: hold.id,
      quantity: section.quantity,
    },
    transaction,
  );
}

/**
 * SEATS_UNAVAILABLE while the hold's user let standing places of this section go less
 * than `cooldown` seconds ago (a release, or a hold of theirs that lapsed): others get a
 * turn first. Walk-in holds of the box office do not count.
 */
async function assertStandingCooledDown(
  hold: HoldRow,
  sectionId: number,
  cooldown: number,
  transaction: Transaction,
): Promise<void> {
  const [row] = await selectRows<{ wait_s: number | null }>(
    `SELECT ceil(extract(epoch FROM max(hs.released_at) + make_interval(secs => :cooldown) - now()))::int AS wait_s
       FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
      WHERE hs.event_id = :eventId AND hs.section_id = :sectionId
        AND hs.released_at > now() - make_interval(secs => :cooldown)
        AND h.user_id = :userId AND h.customer_name IS NULL`,
    { eventId: hold.event_id, sectionId, cooldown, userId: hold.user_id },
    transaction,
  );
  if (row?.wait_s && row.wait_s > 0)
    throw new AppError(
      'SEATS_UNAVAILABLE',
      `You let places there go a moment ago, so others get a turn first. Try again in ${row.wait_s} seconds.`,
      { section_id: sectionId, retry_after_s: row.wait_s },
    );
}

/**
 * Gives the places of expired holds in a standing section back (the caller holds the
 * section's counter lock); answers how many. Their holds stay for the sweeper to end.
 */
export async function reclaimLapsed(
  eventId: number,
  sectionId: number,
  transaction: Transaction,
  /** A hold whose places are being bought: they are not let go, so no cool-down mark. */
  buying: string | null = null,
): Promise<number> {
  const [row] = await selectRows<{ reclaimed: number }>(
    `WITH lapsed AS (
       SELECT hs.hold_id, hs.quantity, h.expires_at FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
        WHERE hs.event_id = :eventId AND hs.section_id = :sectionId AND hs.quantity > 0
          AND (h.status <> 'active' OR h.expires_at <= now())
        FOR UPDATE OF hs
     ), cleared AS (
       UPDATE hold_sections hs SET quantity = 0,
              released_at = CASE WHEN hs.hold_id IS NOT DISTINCT FROM :buying::uuid THEN hs.released_at
                                 ELSE LEAST(lapsed.expires_at, now()) END
         FROM lapsed
        WHERE hs.hold_id = lapsed.hold_id AND hs.section_id = :sectionId
     )
     SELECT COALESCE(sum(quantity), 0)::int AS reclaimed FROM lapsed`,
    { eventId, sectionId, buying },
    transaction,
  );
  return row!.reclaimed;
}

/**
 * Ends a hold, released by its owner or expired: the seats it still has and its standing
 * places go back. Answers what changed on the map.
 */
export async function endHold(
  hold: HoldRow,
  status: 'released' | 'expired',
  transaction: Transaction,
): Promise<SeatChanges> {
  const changes = await freePlaces(hold, null, transaction);
  await execute(
    `UPDATE holds SET status = :status, updated_at = now() WHERE id = :holdId`,
    { status, holdId: hold.id },
    transaction,
  );
  return changes;
}

/**
 * Frees a hold's places: the given seats and standing sections, or all of them (`null`).
 * Seat rows are locked in seat order before they change.
 */
export async function freePlaces(
  hold: HoldRow,
  only: { seatIds?: number[]; sectionIds?: number[] } | null,
  transaction: Transaction,
): Promise<SeatChanges> {
  const seats = await selectRows<{ seat_id: number }>(
    `SELECT seat_id FROM event_seats
      WHERE hold_id = :holdId AND status = 'held' ${only ? 'AND seat_id IN (:seatIds)' : ''}
      ORDER BY seat_id FOR UPDATE`,
    { holdId: hold.id, seatIds: only?.seatIds?.length ? only.seatIds : [0] },
    transaction,
  );
  const seatIds = seats.map((seat) => seat.seat_id);
  // Who let the seats go, and when (the moment a lapsed hold ran out), for the cool-down;
  // a walk-in hold of the box office leaves no mark.
  if (seatIds.length)
    await execute(
      `UPDATE event_seats SET status = 'available', hold_id = NULL, held_until = NULL,
              released_by = :releasedBy, released_at = LEAST(held_until, now())
        WHERE event_id = :eventId AND seat_id IN (:seatIds)`,
      {
        eventId: hold.event_id,
        seatIds,
        releasedBy: hold.customer_name ? null : hold.user_id,
      },
      transaction,
    );
  // Section counters first, then the hold's rows: the order every writer keeps.
  const filter = `hold_id = :holdId AND quantity > 0 ${only ? 'AND section_id IN (:sectionIds)' : ''}`;
  const replacements = {
    holdId: hold.id,
    eventId: hold.event_id,
    sectionIds: only?.sectionIds?.length ? only.sectionIds : [0],
  };
  await selectRows(
    `SELECT section_id FROM event_sections
      WHERE event_id = :eventId AND section_id IN (SELECT section_id FROM hold_sections WHERE ${filter})
      ORDER BY section_id FOR UPDATE`,
    replacements,
    transaction,
  );
  const sections = await selectRows<{ section_id: number; quantity: number }>(
    `SELECT section_id, quantity FROM hold_sections WHERE ${filter} ORDER BY section_id FOR UPDATE`,
    replacements,
    transaction,
  );
  for (const section of sections)
    await execute(
      `UPDATE event_sections SET held = held - :quantity WHERE event_id = :eventId AND section_id = :sectionId;
       UPDATE hold_sections SET quantity = 0, released_at = LEAST(:expiresAt::timestamptz, now())
        WHERE hold_id = :holdId AND section_id = :sectionId`,
      {
        ...section,
        sectionId: section.section_id,
        eventId: hold.event_id,
        holdId: hold.id,
        expiresAt: hold.expires_at,
      },
      transaction,
    );
  return {
    eventId: hold.event_id,
    seatIds,
    sectionIds: sections.map((section) => section.section_id),
  };
}

/** Gives a hold more time: HOLD_EXPIRED once its time is up, HOLD_LIMIT_EXCEEDED past the last extension. */
export async function extendHold(
  hold: HoldRow,
  rules: BookingRules,
  transaction: Transaction,
): Promise<HoldRow> {
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
  await execute(
    `UPDATE event_seats SET held_until = :until WHERE hold_id = :holdId AND status = 'held'`,
    { until: extended!.expires_at, holdId: hold.id },
    transaction,
  );
  return extended!;
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
export async function holdContents(holdId: string, transaction?: Transaction) {
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
