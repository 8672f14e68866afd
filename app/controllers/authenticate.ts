import type { RequestHandler, Request } from 'express';
import type { Session, SessionData } from 'express-session';
import { promisify } from 'node:util';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import type { SessionRequest } from '../core/session-store.js';
import {
  ENROLLMENT_TTL_MS,
  publicSessionId,
  sessionLimits,
  type SessionAuth,
} from '../core/session.js';
import type { AuthPort, Credential } from '../methods/context.js';
import { userForApiToken } from '../models/api-token-auth.js';
import { User } from '../models/index.js';
import type { Actor, TokenScope } from '../shared/types.js';
import { servicesOf } from './services.js';

type AppSession = Session & Partial<SessionData>;

declare module 'express-serve-static-core' {
  interface Request {
    /** How the caller proved who they are; set by the authenticate handlers. */
    credential?: Credential;
  }
}

/**
 * The signed-in user of a session, or null. A session past its idle or absolute limit
 * (shorter for staff and admins) is replaced by a fresh anonymous one: its id and data
 * leave the store, and the request goes on as a visitor's. Each request renews the idle
 * limit. Shared by HTTP requests and socket handshakes.
 */
export async function actorFromSession(
  req: SessionRequest & { session?: AppSession },
  config: Config,
): Promise<Actor | null> {
  const session = req.session;
  const auth = session?.auth;
  if (!session || !auth) return null;
  // The store read the user with the session; a session made in this very request has
  // none yet.
  const user =
    req.sessionUser?.id === auth.user_id ? req.sessionUser : await User.findByPk(auth.user_id);
  const now = Date.now();
  const limits = user && sessionLimits(config, user.role);
  if (
    !user ||
    !limits ||
    now - auth.signed_in_at > limits.absoluteMs ||
    now - auth.last_seen_at > limits.idleMs
  ) {
    await promisify(session.regenerate.bind(session))();
    return null;
  }
  if (now - auth.last_seen_at > 60_000) auth.last_seen_at = now;
  session.cookie.maxAge = limits.idleMs;
  return { id: user.id, username: user.username, role: user.role };
}

/** Who is calling, by the session cookie alone: pages, whatever Authorization says. */
export const authenticateSession: RequestHandler = async (req, _res, next) => {
  try {
    req.credential = { kind: 'session' };
    req.actor = await actorFromSession(req, servicesOf(req).config);
    next();
  } catch (error) {
    next(error);
  }
};

/**
 * Who is calling a JSON route: `Authorization: Bearer <token>` (a bad, expired or revoked
 * token is 401, never a fall-back to the cookie), else the session cookie. A token
 * request never loads the cookie session, so nothing it does can read or change one.
 */
export function authenticateApi(sessionMiddleware: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      sessionMiddleware(req, res, (error?: unknown) =>
        error ? next(error) : authenticateSession(req, res, next),
      );
      return;
    }
    try {
      const [scheme, secret] = header.split(' ');
      const found =
        scheme?.toLowerCase() === 'bearer' && secret ? await userForApiToken(secret, req.ip) : null;
      if (!found)
        throw new AppError('UNAUTHENTICATED', 'The API token is not valid, expired or revoked.');
      req.actor = tokenActor(found.user.toActor(), found.token.scopes);
      req.credential = { kind: 'token', scopes: found.token.scopes };
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Who a token acts as: its owner, but an admin's token without the `admin` scope has no
 * admin powers over other people's records (their events, venues, users), only what an
 * admin also has as organizer and box office (actsAsAdmin).
 */
function tokenActor(owner: Actor, scopes: readonly TokenScope[]): Actor {
  return owner.role === 'admin' && !scopes.includes('admin')
    ? { ...owner, adminPowers: false }
    : owner;
}

/** Sign-in state of an HTTP request: its server-side session, or none for a token. */
export function httpAuthPort(req: Request): AuthPort {
  const credential = req.credential ?? { kind: 'session' };
  if (credential.kind === 'token') return tokenAuthPort(credential);
  const session = () => req.session as AppSession | undefined;
  return {
    credential,
    pending: () => session()?.enrollment,
    async setPending(enrollment) {
      const current = session();
      if (!current) return;
      current.enrollment = enrollment;
      // A visitor's session exists only for the enrolment: it lasts as long, not a day.
      if (enrollment && !current.auth) current.cookie.maxAge = ENROLLMENT_TTL_MS;
    },
    async signIn(actor, options = {}) {
      if (!req.session) throw new Error('no session to sign in');
      // A new session id at sign-in, so an id known before it (fixation) is worthless.
      await promisify(req.session.regenerate.bind(req.session))();
      const now = Date.now();
      const auth: SessionAuth = {
        user_id: actor.id,
        signed_in_at: now,
        last_seen_at: now,
        // A recovery code proves less than the authenticator: it may start a new one, and
        // nothing else without a fresh code.
        ...(options.reenroll ? {} : { verified_at: now }),
        device: String(req.headers['user-agent'] ?? 'unknown').slice(0, 200),
        ip: req.ip ?? null,
        ...(options.reenroll ? { reenroll: true } : {}),
        ...(options.failedCodes ? { failed_codes: options.failedCodes } : {}),
      };
      req.session.auth = auth;
      req.session.cookie.maxAge = sessionLimits(servicesOf(req).config, actor.role).idleMs;
      req.actor = actor;
      return {};
    },
    async signOut() {
      if (req.session) await promisify(req.session.destroy.bind(req.session))();
      req.actor = null;
    },
    sessionId: () => (session()?.auth ? publicSessionId(req.sessionID) : null),
    reenrollRequired: () => session()?.auth?.reenroll === true,
    async clearReenroll() {
      const auth = session()?.auth;
      if (auth) delete auth.reenroll;
    },
    failedCodes: () => session()?.auth?.failed_codes ?? null,
    verifiedAt: () => session()?.auth?.verified_at ?? null,
    async markVerified() {
      const auth = session()?.auth;
      if (auth) auth.verified_at = Date.now();
    },
  };
}

/**
 * A token request has no session: methods that need one are refused before they run
 * (their `scope` is `session`), so reaching these is a bug, not a client error.
 */
function tokenAuthPort(credential: Credential): AuthPort {
  const noSession = async (): Promise<never> => {
    throw new Error('a token request has no session');
  };
  return {
    credential,
    pending: () => undefined,
    setPending: noSession,
    signIn: noSession,
    signOut: noSession,
    sessionId: () => null,
    reenrollRequired: () => false,
    clearReenroll: noSession,
    failedCodes: () => null,
    verifiedAt: () => null,
    markVerified: noSession,
  };
}
