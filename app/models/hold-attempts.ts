import type { BookingRules } from '../core/config.js';
import { addressKey } from '../core/client-address.js';
import { refusal, takeAll } from './attempt-limits.js';

/**
 * Anti-hoarding: hold attempts per user per event, and per client address (an IPv6
 * /64), each per minute, so a few accounts cannot churn an event's seats to keep them
 * off sale. Counted in PostgreSQL, so the limits hold across app nodes.
 */
export function takeHoldAttempt(
  userId: number,
  eventId: number,
  ip: string | undefined,
  rules: BookingRules,
): Promise<void> {
  return takeAll(
    [
      [
        { prefix: 'hold_user_event', points: rules.holdAttemptsPerMinute, duration: 60 },
        `${userId}:${eventId}`,
      ],
      [
        { prefix: 'hold_addr', points: rules.holdAttemptsPerAddressPerMinute, duration: 60 },
        addressKey(ip),
      ],
    ],
    (ms) => refusal(ms, 'RATE_LIMITED', 'Too many holds in a short time.'),
  );
}
