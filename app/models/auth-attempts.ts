import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';
import { User } from './user.js';

const WINDOW_S = 15 * 60;

// Attempt counters, kept in PostgreSQL (table rate_limits) so the limits hold across
// restarts and app nodes. An attempt is counted *before* its code is checked (and given
// back when it succeeds), so concurrent guesses cannot slip past the limit. See
// docs/security.md for the policy and why it cannot lock anyone out for good.
const LIMITS = {
  /** Wrong authenticator codes for one username, from anywhere, while signing in. */
  username: { points: 5, prefix: 'totp_fail_user' },
  /** Wrong authenticator codes of a signed-in user (new recovery codes, new authenticator). */
  account: { points: 5, prefix: 'totp_fail_account' },
  /** Wrong codes and recovery codes from one client address. */
  address: { points: 20, prefix: 'auth_fail_addr' },
  /** Sign-in and enrolment starts (each makes a secret and a QR code) from one address. */
  start: { points: 30, prefix: 'auth_start_addr' },
} as const;

type Kind = keyof typeof LIMITS;

const limiters = new Map<Kind, RateLimiterPostgres>();

function limiter(kind: Kind): RateLimiterPostgres {
  let found = limiters.get(kind);
  if (!found || (found as unknown as { client: unknown }).client !== User.sequelize) {
    found = new RateLimiterPostgres({
      storeClient: User.sequelize!,
      storeType: 'sequelize',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix: LIMITS[kind].prefix,
      points: LIMITS[kind].points,
      duration: WINDOW_S,
      // Once over the limit the key stays refused for a full window from that attempt.
      blockDuration: WINDOW_S,
      // Deletes rows expired for an hour, hourly, on an unref'd timer.
      clearExpiredByTimeout: true,
    });
    limiters.set(kind, found);
  }
  return found;
}

/** Takes one attempt from each counter; TOO_MANY_ATTEMPTS when any is used up. */
async function take(counters: Array<[Kind, string | undefined]>): Promise<void> {
  for (const [kind, key] of counters) {
    if (!key) continue;
    try {
      await limiter(kind).consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError(
        'TOO_MANY_ATTEMPTS',
        `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
        {
          retry_after_s: retryAfter,
        },
      );
    }
  }
}

/** Gives back the attempts of a success: the user's counter is cleared, the address gets one back. */
async function succeeded(
  userCounter: [Kind, string] | null,
  ip: string | undefined,
): Promise<void> {
  if (userCounter) await limiter(userCounter[0]).delete(userCounter[1]);
  if (ip) await limiter('address').reward(ip, 1);
}

export const AuthAttempts = {
  /** Before checking a sign-in code: one attempt from the username and from the address. */
  signInCode: (username: string, ip: string | undefined) =>
    take([
      ['username', username],
      ['address', ip],
    ]),
  signInCodeSucceeded: (username: string, ip: string | undefined) =>
    succeeded(['username', username], ip),
  /**
   * Before checking a signed-in user's code. It has its own counter: strangers' wrong
   * guesses at the username must not stop the owner from changing authenticator.
   */
  accountCode: (userId: number, ip: string | undefined) =>
    take([
      ['account', String(userId)],
      ['address', ip],
    ]),
  accountCodeSucceeded: (userId: number, ip: string | undefined) =>
    succeeded(['account', String(userId)], ip),
  /** Before checking a recovery code: only the address limit applies (see docs/security.md). */
  recoveryCode: (ip: string | undefined) => take([['address', ip]]),
  recoveryCodeSucceeded: (ip: string | undefined) => succeeded(null, ip),
  /** Starting a sign-in or enrolment. */
  started: (ip: string | undefined) => take([['start', ip]]),
};
