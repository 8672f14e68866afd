import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';
import type { ErrorCode } from '../shared/error-codes.js';
import { User } from './user.js';

// Attempt counters, kept in PostgreSQL (table rate_limits, via rate-limiter-flexible) so
// the limits hold across restarts and app nodes. Each is a fixed window: `points`
// attempts per `duration` seconds, then refused for `blockDuration` seconds (or until the
// window ends). Expired rows are deleted hourly, on an unref'd timer.

export interface AttemptLimit {
  prefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

const limiters = new Map<string, RateLimiterPostgres>();

/** The limiter of a limit, made once per database connection. */
export function limiterOf(limit: AttemptLimit): RateLimiterPostgres {
  const key = `${limit.prefix}:${limit.points}:${limit.duration}:${limit.blockDuration ?? 0}`;
  let found = limiters.get(key);
  if (!found || (found as unknown as { client: unknown }).client !== User.sequelize) {
    found = new RateLimiterPostgres({
      storeClient: User.sequelize!,
      storeType: 'sequelize',
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix: limit.prefix,
      points: limit.points,
      duration: limit.duration,
      blockDuration: limit.blockDuration ?? 0,
      clearExpiredByTimeout: true,
    });
    limiters.set(key, found);
  }
  return found;
}

/** The refusal a client sees: when to come back, in seconds and in words. */
export function refusal(
  msBeforeNext: number,
  code: Extract<ErrorCode, 'TOO_MANY_ATTEMPTS' | 'RATE_LIMITED'> = 'TOO_MANY_ATTEMPTS',
  what = 'Too many attempts.',
): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const wait =
    retryAfter < 90
      ? `${retryAfter} seconds`
      : retryAfter < 5400
        ? `${Math.ceil(retryAfter / 60)} minutes`
        : retryAfter < 172_800
          ? `${Math.ceil(retryAfter / 3600)} hours`
          : `${Math.ceil(retryAfter / 86_400)} days`;
  return new AppError(code, `${what} Try again in ${wait}.`, { retry_after_s: retryAfter });
}

/** Takes one attempt from each counter; `refuse` makes the error once one is used up. */
export async function takeAll(
  counters: Array<[AttemptLimit, string | undefined]>,
  refuse: (msBeforeNext: number) => AppError = (ms) => refusal(ms),
): Promise<void> {
  for (const [limit, key] of counters) {
    if (!key) continue;
    try {
      await limiterOf(limit).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw refuse(error.msBeforeNext);
      throw error;
    }
  }
}

/** Gives one attempt back to each counter (the attempt succeeded). */
export async function giveBack(counters: Array<[AttemptLimit, string | undefined]>) {
  for (const [limit, key] of counters) if (key) await limiterOf(limit).reward(key, 1);
}
