import { addressKey } from '../core/client-address.js';
import { giveBack, refusal, takeAll, type AttemptLimit } from './attempt-limits.js';

const WINDOW_S = 15 * 60;

// Coupon codes tried by customers: 10 that could not be used per 15 minutes, per user and
// per address (an IPv6 /64). Counted before the code is checked and given back unless it
// was refused, so a burst of guesses cannot slip past the limit (docs/security.md).
const LIMITS = {
  user: { prefix: 'coupon_fail_user', points: 10, duration: WINDOW_S, blockDuration: WINDOW_S },
  address: {
    prefix: 'coupon_fail_addr',
    points: 10,
    duration: WINDOW_S,
    blockDuration: WINDOW_S,
  },
} satisfies Record<string, AttemptLimit>;

const counters = (
  userId: number,
  ip: string | undefined,
): Array<[AttemptLimit, string | undefined]> => [
  [LIMITS.user, String(userId)],
  [LIMITS.address, addressKey(ip)],
];

export const CouponAttempts = {
  take: (userId: number, ip: string | undefined) =>
    takeAll(counters(userId, ip), (ms) =>
      refusal(ms, 'TOO_MANY_ATTEMPTS', 'Too many coupon codes tried.'),
    ),
  /** The code was not refused (it worked, or the order failed for another reason). */
  notRefused: (userId: number, ip: string | undefined) => giveBack(counters(userId, ip)),
};
