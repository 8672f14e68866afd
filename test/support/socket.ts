import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ServerEnvelope } from '../../app/shared/socket-contract.js';

export type TestSocket = Socket;

/** A real Socket.IO client connected to the test server over WebSocket. */
export async function connectSocket(
  baseUrl: string,
  options: { origin?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.origin) headers.origin = options.origin;
  if (options.cookie) headers.cookie = options.cookie;
  const socket = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return socket;
}

/** Sends one envelope and resolves with the reply that carries its eid. */
export function request(
  socket: TestSocket,
  type: string,
  data: Record<string, unknown> = {},
  timeoutMs = 5_000,
): Promise<ServerEnvelope> {
  const eid = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`no reply to ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(envelope: ServerEnvelope) {
      if (envelope.eid !== eid) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(envelope);
    }
    socket.on('message', onMessage);
    socket.emit('message', { type, data, eid, ts: Date.now() });
  });
}

/** The next "message" the server sends that matches `filter`. */
export function nextMessage(
  socket: TestSocket,
  filter: (envelope: ServerEnvelope) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<ServerEnvelope> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(envelope: ServerEnvelope) {
      if (!filter(envelope)) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(envelope);
    }
    socket.on('message', onMessage);
  });
}

export function disconnected(socket: TestSocket, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) return resolve('already disconnected');
    const timer = setTimeout(
      () => reject(new Error(`still connected after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** For a test file: `connect()` opens sockets to the test app, closed after each test. */
export function useSockets(app: { current: { baseUrl: string } }) {
  const open: TestSocket[] = [];
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  return async (options?: Parameters<typeof connectSocket>[1]) => {
    const socket = await connectSocket(app.current.baseUrl, options);
    open.push(socket);
    return socket;
  };
}
