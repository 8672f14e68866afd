import type { BookingRules } from '../../core/config.js';
import { addressKey } from '../../core/client-address.js';
import { AppError } from '../../core/errors.js';
import { refusal } from '../attempt-limits.js';
import {
  holdRowOf,
  type HoldContents,
  type HoldJson,
  type HoldRow,
  type SeatChanges,
} from '../holds.js';
import { selectRows } from '../sql.js';
import { idArray } from './locks.js';

const ADDRESS_SHARDS = 16;

/** Seats, standing places in sections, or both: all taken, or none. */
interface HoldRequest {
  seatIds: number[];
  sections: Array<{ id: number; quantity: number }>;
}

interface Refused {
  refused: string;
  details: Record<string, unknown>;
}

/**
 * The attempt counters a customer's hold counts against: per user per event and per
 * client address (an IPv6 /64), each per minute, kept in PostgreSQL so the limits hold
 * across app nodes. An address's count is spread over ADDRESS_SHARDS rows by user, so
 * the holds of people behind one NAT do not wait on each other's counter row; the rows
 * share one window and the limit counts them all (migration 0012).
 */
export function holdAttempts(
  input: { userId: number; eventId: number; ip?: string },
  rules: Pick<BookingRules, 'holdAttemptsPerMinute' | 'holdAttemptsPerAddressPerMinute'>,
) {
  const address = addressKey(input.ip);
  return [
    {
      key: `hold_user_event:${input.userId}:${input.eventId}`,
      points: rules.holdAttemptsPerMinute,
      duration: 60,
    },
    ...(address
      ? [
          {
            key: `hold_addr:${address}#${input.userId % ADDRESS_SHARDS}`,
            group: `hold_addr:${address}#`,
            shards: ADDRESS_SHARDS,
            points: rules.holdAttemptsPerAddressPerMinute,
            duration: 60,
          },
        ]
      : []),
  ];
}

/**
 * Holds seats and standing places for `userId`: all of them or none. The user's active
 * hold for the event grows (up to the event's max_per_order, and without changing its
 * expiry); without one a new hold starts with the full TTL. A staff member may hold for a
 * walk-in customer, named in `customerName`; `coolsDown` says whether the user waits out
 * the cool-down on places they just let go, and counts their attempts against the
 * anti-hoarding limits (customers, not the box office). One statement, outside any
 * transaction: the server-side function hold_places (migrations 0010–0013) checks every rule
 * under the locks and writes nothing unless all pass.
 */
export async function holdPlaces(
  input: {
    eventId: number;
    userId: number;
    customerName?: string;
    request: HoldRequest;
    coolsDown: boolean;
    ip?: string;
  },
  rules: BookingRules,
): Promise<{ hold: HoldRow; changes: SeatChanges; contents: HoldContents }> {
  const attempts = input.coolsDown ? holdAttempts(input, rules) : [];
  const [row] = await selectRows<{
    result: (HoldJson & { changed_seats: number[]; changed_sections: number[] }) | Refused;
  }>(
    `SELECT hold_places(:eventId::int, :userId::int, :customerName, :seatIds::int[],
                        :sections::jsonb, :cooldown::int, :ttl::int, :attempts::jsonb) AS result`,
    {
      eventId: input.eventId,
      userId: input.userId,
      customerName: input.customerName ?? null,
      seatIds: idArray(input.request.seatIds),
      sections: JSON.stringify(input.request.sections),
      cooldown: input.coolsDown ? rules.holdCooldownSeconds : 0,
      ttl: rules.holdTtlSeconds,
      attempts: JSON.stringify(attempts),
    },
  );
  const result = row!.result;
  if ('refused' in result) throw refusalOf(result);
  return {
    hold: holdRowOf(result.hold),
    changes: {
      eventId: input.eventId,
      seatIds: result.changed_seats,
      sectionIds: result.changed_sections,
    },
    contents: { seatIds: result.seat_ids, sections: result.sections },
  };
}

/** The error a client sees for each refusal of hold_places. */
function refusalOf({ refused, details }: Refused): AppError {
  const ids = (details.seat_ids as number[] | undefined) ?? [];
  switch (refused) {
    case 'RATE_LIMITED':
      return refusal(details.wait_ms as number, 'RATE_LIMITED', 'Too many holds in a short time.');
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', 'No such event.');
    case 'EVENT_NOT_ON_SALE':
      return new AppError('EVENT_NOT_ON_SALE', 'This event is not on sale.', details);
    case 'INVALID_STATE':
      return new AppError(
        'INVALID_STATE',
        details.customer_name
          ? `Your hold for ${details.customer_name as string} is still open: book or release it first.`
          : 'Your own hold for this event is still open: book or release it first.',
        { hold_id: details.hold_id },
      );
    case 'CHECKING_OUT':
      return new AppError(
        'INVALID_STATE',
        'This hold has a booking waiting for payment: pay for it or cancel it before adding places.',
        details,
      );
    case 'HOLD_LIMIT_EXCEEDED':
      return new AppError(
        'HOLD_LIMIT_EXCEEDED',
        `At most ${details.max_per_order as number} places per order; this hold has ${details.held as number}.`,
        details,
      );
    case 'NOT_IN_EVENT':
      return new AppError('VALIDATION_FAILED', 'Some seats are not seats of this event.', {
        seat_ids: `not in this event: ${ids.join(', ')}`,
      });
    case 'SEATS_UNAVAILABLE':
      return new AppError(
        'SEATS_UNAVAILABLE',
        ids.length === 1
          ? 'That seat was just taken.'
          : `${ids.length} of those seats were just taken.`,
        details,
      );
    case 'SEATS_COOLING':
      return new AppError(
        'SEATS_UNAVAILABLE',
        `You let ${ids.length === 1 ? 'that seat' : 'those seats'} go a moment ago, so others get a turn first. Try again in ${details.retry_after_s as number} seconds.`,
        details,
      );
    case 'STANDING_COOLING':
      return new AppError(
        'SEATS_UNAVAILABLE',
        `You let places there go a moment ago, so others get a turn first. Try again in ${details.retry_after_s as number} seconds.`,
        details,
      );
    case 'SEATS_BUSY':
      return new AppError(
        'SEATS_UNAVAILABLE',
        'Someone is paying for some of those seats right now. Try again in a moment.',
        details,
      );
    case 'NOT_STANDING':
      return new AppError('VALIDATION_FAILED', 'That is not a standing section of this event.', {
        section_id: 'is not a standing section of this event',
      });
    case 'STANDING_UNAVAILABLE':
      return new AppError(
        'SEATS_UNAVAILABLE',
        details.available
          ? `Only ${details.available as number} places are left there.`
          : 'No places are left there.',
        details,
      );
    default:
      throw new Error(`hold_places refused for a reason without an error: ${refused}`);
  }
}
