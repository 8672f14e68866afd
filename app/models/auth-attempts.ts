import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';
import { User } from './user.js';

const WINDOW_S = 15 * 60;

// Failed codes per username, and failed auth attempts per client address, counted in
// PostgreSQL (table rate_limits) so the limits hold across restarts and app nodes.
// See docs/security.md for the policy and why it cannot lock anyone out for good.
export const LIMITS = {
  username: { points: 5, prefix: 'totp_fail_user' },
  address: { points: 20, prefix: 'auth_fail_addr' },
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
      clearExpiredByTimeout: false,
      keyPrefix: LIMITS[kind].prefix,
      points: LIMITS[kind].points,
      duration: WINDOW_S,
    });
    limiters.set(kind, found);
  }
  return found;
}

function tooMany(res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(
    'TOO_MANY_ATTEMPTS',
    `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    {
      retry_after_s: retryAfter,
    },
  );
}

async function assertUnder(kind: Kind, key: string): Promise<void> {
  const res = await limiter(kind).get(key);
  if (res && res.consumedPoints >= LIMITS[kind].points) throw tooMany(res);
}

/** Counts one event; once the limit is reached the key stays blocked for a full window. */
async function count(kind: Kind, key: string): Promise<void> {
  try {
    const res = await limiter(kind).consume(key);
    if (res.consumedPoints >= LIMITS[kind].points) await limiter(kind).block(key, WINDOW_S);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}

export const AuthAttempts = {
  /** Before checking a TOTP code: refuse while the username or the address is locked. */
  async assertCodeAllowed(username: string, ip: string | undefined): Promise<void> {
    await assertUnder('username', username);
    if (ip) await assertUnder('address', ip);
  },
  /** Before checking a recovery code: only the address limit applies (see docs/security.md). */
  async assertRecoveryAllowed(ip: string | undefined): Promise<void> {
    if (ip) await assertUnder('address', ip);
  },
  async codeFailed(username: string | null, ip: string | undefined): Promise<void> {
    if (username) await count('username', username);
    if (ip) await count('address', ip);
  },
  async codeSucceeded(username: string): Promise<void> {
    await limiter('username').delete(username);
  },
  /** Starting a sign-in or enrolment (which makes a secret and a QR code) is limited per address. */
  async started(ip: string | undefined): Promise<void> {
    if (!ip) return;
    await assertUnder('start', ip);
    await count('start', ip);
  },
};
