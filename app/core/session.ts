import { createHash } from 'node:crypto';
import session, { type SessionOptions } from 'express-session';
import { isStaff, type Role } from '../shared/types.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Secrets } from './secrets.js';
import { endableStore } from './session-store.js';

/** A sign-up, first-admin set-up or authenticator change waiting for its first code. */
export interface PendingEnrollment {
  purpose: 'signup' | 'setup' | 'reenroll';
  username: string;
  /** Whose authenticator it replaces (`reenroll`): the session alone does not decide. */
  user_id?: number;
  /** The new authenticator secret, sealed with Secrets.encrypt. */
  secret: string;
  expires_at: number;
}

/** Wrong codes tried for a username between two sign-ins, shown to its owner. */
export interface FailedCodes {
  count: number;
  last_at: string;
}

/** What a signed-in session remembers, besides express-session's own fields. */
export interface SessionAuth {
  user_id: number;
  signed_in_at: number;
  last_seen_at: number;
  /** When the session last proved its authenticator (sign-in, re-authentication). */
  verified_at?: number;
  /** Signed in with a recovery code: the user is asked to enrol a new authenticator. */
  reenroll?: boolean;
  device: string;
  ip: string | null;
  /** Wrong codes tried for the username since the sign-in before this one. */
  failed_codes?: FailedCodes;
}

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
    enrollment?: PendingEnrollment;
  }
}

export const ENROLLMENT_TTL_MS = 10 * 60 * 1000;

/** How long a proven authenticator code lets a session change credentials and access. */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

/** Until when a session that proved its code at `verifiedAt` may change credentials, if still. */
export function reauthenticatedUntil(verifiedAt: number | null | undefined): string | null {
  const until = (verifiedAt ?? 0) + REAUTH_WINDOW_MS;
  return verifiedAt && until > Date.now() ? new Date(until).toISOString() : null;
}

/** Idle and absolute session limits for a role: shorter for staff and admins. */
export function sessionLimits(config: Config, role: Role): { idleMs: number; absoluteMs: number } {
  const staff = isStaff(role);
  return {
    idleMs: (staff ? config.STAFF_SESSION_IDLE_MINUTES : config.SESSION_IDLE_MINUTES) * 60_000,
    absoluteMs:
      (staff ? config.STAFF_SESSION_ABSOLUTE_HOURS : config.SESSION_ABSOLUTE_HOURS) * 3_600_000,
  };
}

/** The id a session is shown and revoked by: a hash, since the real id is the cookie. */
// SessionRecord.destroyOthers computes the same in SQL.
export function publicSessionId(sid: string): string {
  return createHash('sha256').update(sid).digest('hex').slice(0, 24);
}

function sessionCookieName(config: Pick<Config, 'PUBLIC_URL'>): string {
  // __Host- cookies must be Secure, host-only and path=/; browsers enforce it.
  return config.PUBLIC_URL.startsWith('https:') ? '__Host-seats.sid' : 'seats.sid';
}

/**
 * express-session with its store in PostgreSQL (connect-pg-simple, table `sessions`;
 * an ended session stays ended, see session-store.ts).
 * The cookie is http-only, SameSite=Lax, Secure under https; `rolling` renews the idle
 * limit on every request.
 */
export function createSessionMiddleware(
  config: Config,
  secrets: Secrets,
  databaseUrl: string,
  logger: Logger,
) {
  const store = endableStore({
    conString: databaseUrl,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    // No UPDATE of the expiry on every request: a session is saved, expiry and all,
    // whenever it changes, and its last-seen time changes once a minute of use.
    disableTouch: true,
    errorLog: (...args: unknown[]) => logger.error({ args }, 'session store error'),
  });
  const options: SessionOptions = {
    name: sessionCookieName(config),
    secret: secrets.key('session').toString('base64'),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.TRUST_PROXY !== false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.PUBLIC_URL.startsWith('https:'),
      path: '/',
      maxAge: config.SESSION_IDLE_MINUTES * 60_000,
    },
  };
  return { middleware: session(options), store };
}
