import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import proxyaddr from 'proxy-addr';
import type { Session, SessionData } from 'express-session';
import type { Config } from '../../core/config.js';
import type { RealtimeServer } from '../../core/realtime.js';
import { sessionRoom, userRoom } from '../../core/realtime-hub.js';
import type { SessionRequest } from '../../core/session-store.js';
import { publicSessionId } from '../../core/session.js';
import type { AuthPort } from '../../methods/context.js';
import { LoginToken } from '../../models/login-token.js';
import { SessionRecord } from '../../models/session-record.js';
import { actorFromSession } from '../authenticate.js';

type HandshakeRequest = IncomingMessage &
  SessionRequest & {
    session?: Session & Partial<SessionData>;
    _query?: Record<string, string>;
  };
type ServerSocket = Parameters<Parameters<RealtimeServer['on']>[1]>[0];

/**
 * Socket authentication at the handshake, with the same session cookie as HTTP: the
 * session middleware runs on the handshake request only, and a signed-in socket joins
 * its user's room and its session's room (so logout can disconnect it).
 */
export function authenticateSockets(
  io: RealtimeServer,
  config: Config,
  sessionMiddleware: RequestHandler,
): void {
  io.engine.use((req: HandshakeRequest, res: ServerResponse, next: (error?: unknown) => void) => {
    const isHandshake = req._query?.sid === undefined;
    if (!isHandshake) return next();
    (
      sessionMiddleware as unknown as (
        req: HandshakeRequest,
        res: ServerResponse,
        next: (error?: unknown) => void,
      ) => void
    )(req, res, next);
  });
  const trust = compileTrust(config.TRUST_PROXY);
  io.use(async (socket, next) => {
    try {
      socket.data.ip = proxyaddr(socket.request, trust);
      const session = (socket.request as HandshakeRequest).session;
      socket.data.actor = await actorFromSession(socket.request as HandshakeRequest, config);
      socket.data.auth = socket.data.actor ? (session?.auth ?? null) : null;
      socket.data.sid = socket.data.actor && session ? session.id : null;
      socket.data.sessionId = socket.data.sid ? publicSessionId(socket.data.sid) : null;
      next();
    } catch (error) {
      next(error as Error);
    }
  });
  io.on('connection', (socket) => {
    if (socket.data.actor)
      void socket.join([userRoom(socket.data.actor.id), sessionRoom(socket.data.sessionId!)]);
  });
}

/** Express's reading of TRUST_PROXY, for sockets, which do not go through Express. */
function compileTrust(setting: Config['TRUST_PROXY']): (address: string, hop: number) => boolean {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting.split(',').map((item) => item.trim()));
}

/**
 * The socket's user and session state as of this message: the session row is re-read, so
 * a socket ends with its session (sign-out, revocation, time-out), sees role changes at
 * once, and knows whether the session must still enrol a new authenticator now, not at
 * its handshake.
 */
export async function refreshSocketActor(socket: ServerSocket, config: Config): Promise<boolean> {
  if (!socket.data.sid) return true;
  const current = await SessionRecord.current(socket.data.sid, config);
  socket.data.actor = current?.actor ?? null;
  socket.data.auth = current?.auth ?? null;
  return current !== null;
}

/**
 * Sign-in state on a socket: a pending enrolment lives on the connection; signing in
 * returns a single-use login token for POST /api/auth/session (DESIGN §3), after which
 * the client reconnects with its new cookie.
 */
export function socketAuthPort(socket: ServerSocket): AuthPort {
  return {
    credential: { kind: 'session' },
    pending: () => socket.data.pending,
    async setPending(enrollment) {
      socket.data.pending = enrollment;
    },
    async signIn(actor, options = {}) {
      return {
        login_token: await LoginToken.issue(actor.id, {
          reenroll: options.reenroll === true,
          failed_codes: options.failedCodes ?? null,
        }),
      };
    },
    async signOut() {
      if (socket.data.sid) await SessionRecord.destroy(socket.data.sid);
      socket.data.actor = null;
    },
    sessionId: () => socket.data.sessionId,
    reenrollRequired: () => socket.data.auth?.reenroll === true,
    async clearReenroll() {
      if (socket.data.sid) await SessionRecord.clearReenroll(socket.data.sid);
    },
    failedCodes: () => socket.data.auth?.failed_codes ?? null,
    verifiedAt: () => socket.data.auth?.verified_at ?? null,
    async markVerified() {
      if (socket.data.sid) await SessionRecord.markVerified(socket.data.sid);
    },
  };
}
