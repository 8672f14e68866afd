import type { RequestHandler, Request } from 'express';
import type { Session, SessionData } from 'express-session';
import { promisify } from 'node:util';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { publicSessionId, sessionLimits, type SessionAuth } from '../core/session.js';
import type { AuthPort } from '../methods/context.js';
import { userForApiToken } from '../models/api-token-auth.js';
import { User } from '../models/index.js';
import type { Actor } from '../shared/types.js';
import { servicesOf } from './services.js';

type AppSession = Session & Partial<SessionData>;

/**
 * The signed-in user of a session, or null. A session past its idle or absolute limit
 * (shorter for staff and admins) is replaced by a fresh anonymous one: its id and data
 * leave the store, and the request goes on as a visitor's. Each request renews the idle
 * limit. Shared by HTTP requests and socket handshakes.
 */
export async function actorFromSession(
  session: AppSession | undefined,
  config: Config,
): Promise<Actor | null> {
  const auth = session?.auth;
  if (!session || !auth) return null;
  const user = await User.findByPk(auth.user_id);
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
  return user.toActor();
}

/**
 * Who is calling: `Authorization: Bearer <token>` (API consumers; a bad token is 401,
 * never a silent fall-back to the cookie), else the session cookie.
 */
export const authenticate: RequestHandler = async (req, _res, next) => {
  try {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const [scheme, secret] = header.split(' ');
      const user =
        scheme?.toLowerCase() === 'bearer' && secret ? await userForApiToken(secret) : null;
      if (!user) throw new AppError('UNAUTHENTICATED', 'The API token is not valid.');
      req.actor = user.toActor();
      req.viaToken = true;
    } else {
      req.actor = await actorFromSession(req.session, servicesOf(req).config);
    }
    next();
  } catch (error) {
    next(error);
  }
};

declare module 'express-serve-static-core' {
  interface Request {
    /** Signed in with an API token rather than a session cookie. */
    viaToken?: boolean;
  }
}

/** Sign-in state kept in the request's server-side session. */
export function httpAuthPort(req: Request): AuthPort {
  const session = () => req.session as AppSession | undefined;
  return {
    pending: () => session()?.enrollment,
    async setPending(enrollment) {
      const current = session();
      if (current) current.enrollment = enrollment;
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
        device: String(req.headers['user-agent'] ?? 'unknown').slice(0, 200),
        ip: req.ip ?? null,
        ...(options.reenroll ? { reenroll: true } : {}),
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
  };
}
