import { ServerResponse, type IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import proxyaddr from 'proxy-addr';
import type { Session, SessionData } from 'express-session';
import type { Config } from '../../core/config.js';
import type { RealtimeServer } from '../../core/realtime.js';
import { sessionRoom, userRoom } from '../../core/realtime-hub.js';
import type { SessionRequest } from '../../core/session-store.js';
import { publicSessionId } from '../../core/session.js';
import type { AuthPort } from '../../methods/context.js';
import type { Actor } from '../../shared/types.js';
import { LoginToken } from '../../models/login-token.js';
import { SessionRecord } from '../../models/session-record.js';
import { actorFromSession } from '../authenticate.js';

type HandshakeRequest = IncomingMessage &
  SessionRequest & {
    session?: Session & Partial<SessionData>;
    _query?: Record<string, string>;
  };
/** What engine.io hands its middlewares for a WebSocket handshake: a response in name only. */
type UpgradeResponse = Pick<ServerResponse, 'setHeader' | 'getHeader' | 'removeHeader'> & {
  writeHead(...args: unknown[]): unknown;
};
type ServerSocket = Parameters<Parameters<RealtimeServer['on']>[1]>[0];

/**
 * The session middleware's own request for a WebSocket handshake, by the connection's
 * request (see `authenticateSockets`); gone once the handshake has read it.
 */
const handshakeSessions = new WeakMap<IncomingMessage, HandshakeRequest>();

const noop = () => undefined;

/**
 * `target` as seen through a layer of its own: reads fall through to it, writes stay in
 * the layer. A Proxy, not Object.create: an object made a prototype keeps a shape of its
 * own for good, which costs more than what the layer saves.
 */
function overlay<T extends object>(target: T, own: Record<PropertyKey, unknown> = {}): T {
  return new Proxy(target, {
    get: (object, key) => (Object.hasOwn(own, key) ? own[key] : Reflect.get(object, key, object)),
    set: (_object, key, value) => {
      own[key] = value;
      return true;
    },
    has: (object, key) => Object.hasOwn(own, key) || Reflect.has(object, key),
    deleteProperty: (_object, key) => delete own[key],
  });
}

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
  const runSession = sessionMiddleware as unknown as (
    req: HandshakeRequest,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;
  type Next = (error?: unknown) => void;
  io.engine.use((req: HandshakeRequest, res: ServerResponse | UpgradeResponse, next: Next) => {
    const isHandshake = req._query?.sid === undefined;
    if (!isHandshake) return next();
    // Long polling: the session middleware runs on the request itself (engine.io keeps a
    // polling connection's first request too, but browsers connect over WebSocket first).
    if (res instanceof ServerResponse) return runSession(req, res, next);
    // A WebSocket connection keeps its handshake's request and response as long as it
    // lives (engine.io). The session middleware sees them through overlays that keep what
    // it writes (the session, its cookie, a dozen closures: kilobytes a socket), which go
    // once the handshake has been read.
    const sessionReq = overlay(req);
    const sessionRes = overlay(res as UpgradeResponse, { writeHead: noop });
    handshakeSessions.set(req, sessionReq);
    runSession(sessionReq, sessionRes as ServerResponse, (error?: unknown) => {
      // engine.io calls writeHead (with no arguments) once the handshake is accepted:
      // express-session sets its cookie then, into the real response's headers.
      const writeHead = res.writeHead;
      res.writeHead = function (this: UpgradeResponse, ...args: unknown[]) {
        res.writeHead = writeHead;
        sessionRes.writeHead();
        return writeHead.apply(this, args);
      };
      next(error);
    });
  });
  const trust = compileTrust(config.TRUST_PROXY);
  io.use(async (socket, next) => {
    try {
      socket.data.ip = proxyaddr(socket.request, trust);
      const request = handshakeSessions.get(socket.request) ?? (socket.request as HandshakeRequest);
      handshakeSessions.delete(socket.request);
      const session = request.session;
      socket.data.actor = await actorFromSession(request, config);
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
 * returns a single-use login token for POST /api/auth/session (docs/api.md, Socket.IO), after which
 * the client reconnects with its new cookie. Made per message: an idle socket keeps none.
 */
export class SocketAuthPort implements AuthPort {
  readonly credential = { kind: 'session' } as const;

  constructor(private readonly socket: ServerSocket) {}

  pending() {
    return this.socket.data.pending;
  }

  async setPending(enrollment: ServerSocket['data']['pending']) {
    this.socket.data.pending = enrollment;
  }

  async signIn(actor: Actor, options: Parameters<AuthPort['signIn']>[1] = {}) {
    return {
      login_token: await LoginToken.issue(actor.id, {
        reenroll: options.reenroll === true,
        failed_codes: options.failedCodes ?? null,
      }),
    };
  }

  async signOut() {
    if (this.socket.data.sid) await SessionRecord.destroy(this.socket.data.sid);
    this.socket.data.actor = null;
  }

  sessionId() {
    return this.socket.data.sessionId;
  }

  reenrollRequired() {
    return this.socket.data.auth?.reenroll === true;
  }

  async clearReenroll() {
    if (this.socket.data.sid) await SessionRecord.clearReenroll(this.socket.data.sid);
  }

  failedCodes() {
    return this.socket.data.auth?.failed_codes ?? null;
  }

  verifiedAt() {
    return this.socket.data.auth?.verified_at ?? null;
  }

  async markVerified() {
    if (this.socket.data.sid) await SessionRecord.markVerified(this.socket.data.sid);
  }
}
