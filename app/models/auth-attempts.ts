import { RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../core/client-address.js';
import { giveBack, limiterOf, refusal, takeAll, type AttemptLimit } from './attempt-limits.js';

const MINUTE = 60;
const BASE_BLOCK_S = 15 * MINUTE;
const MAX_BLOCK_S = 24 * 60 * MINUTE;
const WEEK_S = 7 * 24 * 60 * MINUTE;

// The sign-in policy (docs/security.md has the numbers). An attempt is counted *before*
// its code is checked, and only that one attempt is given back when it succeeds, so
// concurrent guesses cannot slip past a limit and the owner's own sign-in does not wipe
// out what strangers tried.
const LIMITS = {
  /** Wrong authenticator codes for one username, from anywhere, while signing in. */
  username: { prefix: 'totp_fail_user', points: 5, duration: 15 * MINUTE },
  /**
   * How many times that limit was hit lately: each time, the username's block doubles
   * (15 minutes, 30, 1 hour … at most 24 hours). It is forgotten 7 days after the
   * first block of the series, so the blocks shrink back with time, not with a success.
   */
  usernameBlocks: { prefix: 'totp_block_user', points: 1_000_000, duration: WEEK_S },
  /**
   * Wrong codes for one username in a week, however they are paced: past 50, only a
   * recovery code signs in until the week is over. Guessing just under the 15-minute
   * limit would otherwise go on at 480 a day.
   */
  usernameWeek: { prefix: 'totp_fail_user_week', points: 50, duration: WEEK_S },
  /** Wrong authenticator codes of a signed-in user (re-authentication, new authenticator). */
  account: {
    prefix: 'totp_fail_account',
    points: 5,
    duration: 15 * MINUTE,
    blockDuration: 15 * MINUTE,
  },
  /** Wrong codes and recovery codes from one client address (an IPv6 /64). */
  address: {
    prefix: 'auth_fail_addr',
    points: 20,
    duration: 15 * MINUTE,
    blockDuration: 15 * MINUTE,
  },
  /** Sign-in and enrolment starts (each makes a secret and a QR code) from one address. */
  start: {
    prefix: 'auth_start_addr',
    points: 30,
    duration: 15 * MINUTE,
    blockDuration: 15 * MINUTE,
  },
} satisfies Record<string, AttemptLimit>;

/**
 * One attempt from a username's counters. The attempt that first goes over the
 * 15-minute limit blocks the username for twice as long as its previous block (the
 * upsert counts it exactly once, however many attempts race), every later one is
 * refused until then. Only an attempt the short limit let through counts toward the
 * week, so hammering a blocked name does not use up its owner's week.
 */
async function takeUsername(username: string): Promise<void> {
  // A week used up refuses first, and takes nothing from (nor escalates) the short limit.
  const week = await limiterOf(LIMITS.usernameWeek).get(username);
  if (week && week.consumedPoints >= LIMITS.usernameWeek.points)
    throw weekRefusal(week.msBeforeNext);
  try {
    await limiterOf(LIMITS.username).consume(username);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    if (error.consumedPoints !== LIMITS.username.points + 1) throw refusal(error.msBeforeNext);
    const blocks = await limiterOf(LIMITS.usernameBlocks).consume(username);
    const seconds = Math.min(BASE_BLOCK_S * 2 ** (blocks.consumedPoints - 1), MAX_BLOCK_S);
    await limiterOf(LIMITS.username).block(username, seconds);
    throw refusal(seconds * 1000);
  }
  await takeAll([[LIMITS.usernameWeek, username]], weekRefusal);
}

const weekRefusal = (ms: number) =>
  refusal(
    ms,
    'TOO_MANY_ATTEMPTS',
    'Too many wrong codes for this username this week; a recovery code still signs you in.',
  );

export const AuthAttempts = {
  /** Before checking a sign-in code: one attempt from the address and from the username. */
  async signInCode(username: string, ip: string | undefined) {
    await takeAll([[LIMITS.address, addressKey(ip)]]);
    await takeUsername(username);
  },
  signInCodeSucceeded: (username: string, ip: string | undefined) =>
    giveBack([
      [LIMITS.username, username],
      [LIMITS.usernameWeek, username],
      [LIMITS.address, addressKey(ip)],
    ]),
  /**
   * Before checking a signed-in user's code. It has its own counter: strangers' wrong
   * guesses at the username must not stop the owner from changing authenticator.
   */
  accountCode: (userId: number, ip: string | undefined) =>
    takeAll([
      [LIMITS.account, String(userId)],
      [LIMITS.address, addressKey(ip)],
    ]),
  accountCodeSucceeded: (userId: number, ip: string | undefined) =>
    giveBack([
      [LIMITS.account, String(userId)],
      [LIMITS.address, addressKey(ip)],
    ]),
  /** Before checking a recovery code: only the address limit applies (see docs/security.md). */
  recoveryCode: (ip: string | undefined) => takeAll([[LIMITS.address, addressKey(ip)]]),
  recoveryCodeSucceeded: (ip: string | undefined) => giveBack([[LIMITS.address, addressKey(ip)]]),
  /** Starting a sign-in or enrolment. */
  started: (ip: string | undefined) => takeAll([[LIMITS.start, addressKey(ip)]]),
  /** Until when sign-in codes for a username are refused, if they are. */
  async blockedUntil(username: string): Promise<Date | null> {
    const until = await Promise.all(
      [LIMITS.username, LIMITS.usernameWeek].map(async (limit) => {
        const counter = await limiterOf(limit).get(username);
        const full = limit === LIMITS.usernameWeek ? limit.points : limit.points + 1;
        return counter && counter.consumedPoints >= full ? counter.msBeforeNext : 0;
      }),
    );
    const ms = Math.max(...until);
    return ms > 0 ? new Date(Date.now() + ms) : null;
  },
};
