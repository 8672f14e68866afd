import { bookingRulesOf } from '../../core/config.js';
import { randomUUID } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, errorBody, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { RealtimeServer } from '../../core/realtime.js';
import { invokeMethod } from '../../methods/invoke.js';
import type { MethodRegistry } from '../../methods/registry.js';
import type { Ack, ServerEnvelope } from '../../shared/socket-contract.js';
import type { RequestHandler } from 'express';
import type { MethodContext } from '../../methods/context.js';
import type { Services } from '../services.js';
import { authenticateSockets, refreshSocketActor, SocketAuthPort } from './auth.js';
import { eidOf, parseEnvelope, splitArguments, typeOf } from './envelope.js';
import { eventSeats } from '../../subscriptions/event-seats.js';

export interface SocketDeps {
  io: RealtimeServer;
  registry: MethodRegistry;
  logger: Logger;
  services: Services;
  sessionMiddleware: RequestHandler;
}

// A client over its message rate gets RATE_LIMITED replies; one that keeps sending
// through this many seconds' worth of refusals is disconnected.
const FLOOD_SECONDS = 5;

/**
 * The socket adapter: each "message" envelope becomes a method call and one reply.
 * `drain()` resolves once every call already started has finished, so a shutdown can
 * wait for them before it closes the database.
 */
export function attachSocketControllers({
  io,
  registry,
  logger,
  services,
  sessionMiddleware,
}: SocketDeps): {
  drain(): Promise<void>;
} {
  const messagesPerSecond = services.config.SOCKET_MESSAGES_PER_SECOND;
  authenticateSockets(io, services.config, sessionMiddleware);
  const inFlight = new Set<Promise<unknown>>();
  const rate = new RateLimiterMemory({ points: messagesPerSecond, duration: 1 });
  const refusals = new RateLimiterMemory({
    points: messagesPerSecond * FLOOD_SECONDS,
    duration: 10,
  });

  type ServerSocket = Parameters<Parameters<RealtimeServer['on']>[1]>[0];

  // One handler for every socket, not a set of closures per socket: an idle socket holds
  // only its two small listeners (memory per socket, docs/performance.md).
  const reply = (socket: ServerSocket, envelope: ServerEnvelope, ack: Ack | undefined) => {
    socket.emit('message', envelope);
    ack?.(envelope);
  };

  const replyError = (
    socket: ServerSocket,
    payload: unknown,
    ack: Ack | undefined,
    error: AppError,
    requestId: string,
  ) => {
    const { error: code, ...data } = errorBody(error, requestId);
    const eid = eidOf(payload);
    reply(
      socket,
      { type: typeOf(payload), data, ...(eid ? { eid } : {}), ts: Date.now(), error: code },
      ack,
    );
  };

  const onMessage = async (socket: ServerSocket, args: unknown[]) => {
    const { payload, ack } = splitArguments(args);
    const requestId = randomUUID();
    try {
      await rate.consume(socket.id);
    } catch {
      replyError(
        socket,
        payload,
        ack,
        new AppError('RATE_LIMITED', 'Too many messages; slow down.'),
        requestId,
      );
      try {
        await refusals.consume(socket.id);
      } catch {
        logger.child({ socket: socket.id }).warn('message flood: disconnecting');
        socket.disconnect(true);
      }
      return;
    }

    const log = logger.child({ socket: socket.id, requestId });
    try {
      if (!(await refreshSocketActor(socket, services.config))) {
        replyError(
          socket,
          payload,
          ack,
          new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.'),
          requestId,
        );
        socket.disconnect(true);
        return;
      }
      const envelope = parseEnvelope(payload);
      if (envelope.type === eventSeats.unsubscribe) {
        const room = eventSeats.room(envelope.data);
        if (room) await socket.leave(room);
        reply(socket, { type: envelope.type, data: {}, eid: envelope.eid, ts: Date.now() }, ack);
        return;
      }
      // Join before the snapshot is read, so no change falls between them; leave again
      // if the snapshot is refused.
      const room =
        envelope.type === eventSeats.subscribe.type ? eventSeats.room(envelope.data) : null;
      if (room) await socket.join(room);
      const method = registry.get(envelope.type);
      if (!method) throw new AppError('NOT_FOUND', `Unknown message type "${envelope.type}".`);
      const ctx: MethodContext = {
        actor: socket.data.actor,
        requestId,
        transport: 'socket',
        ip: socket.data.ip,
        device: String(socket.handshake.headers['user-agent'] ?? 'unknown'),
        log,
        auth: new SocketAuthPort(socket),
        secrets: services.secrets,
        setupToken: services.setupToken,
        realtime: services.realtime,
        rules: bookingRulesOf(services.config),
      };
      const call = invokeMethod(method, ctx, envelope.data);
      inFlight.add(call);
      const data = await call
        .catch(async (error: unknown) => {
          if (room) await socket.leave(room);
          throw error;
        })
        .finally(() => inFlight.delete(call));
      reply(socket, { type: envelope.type, data, eid: envelope.eid, ts: Date.now() }, ack);
    } catch (raw) {
      const error = toAppError(raw);
      if (error.status >= 500) log.error({ err: raw, requestId }, 'socket message failed');
      replyError(socket, payload, ack, error, requestId);
    }
  };

  io.on('connection', (socket) => {
    socket.on('message', (...args: unknown[]) => void onMessage(socket, args));
    socket.on('disconnect', () => {
      void rate.delete(socket.id);
      void refusals.delete(socket.id);
    });
  });

  return {
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
