import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../shared/socket-contract.js';
import type { Config } from './config.js';
import { socketParser } from './socket-encoding.js';

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Whether a page's Origin is this very host: our own pages connecting back to us. */
function sameHost(origin: string, host: string | undefined): boolean {
  return URL.canParse(origin) && !!host && new URL(origin).host === host;
}

/**
 * The Socket.IO server. A browser handshake from an Origin outside ALLOWED_ORIGINS (and
 * not this host itself) is refused: a page elsewhere must not ride on a visitor's cookie.
 * Clients that send no Origin, such as server-side integrations, are not browsers and
 * pass. A frame larger
 * than SOCKET_MAX_PAYLOAD_BYTES closes that client's connection. Values shared by many
 * messages (a map's snapshot) are encoded once, not once per socket (socket-encoding.ts).
 */
export function createRealtimeServer(
  httpServer: HttpServer,
  config: Pick<Config, 'ALLOWED_ORIGINS' | 'SOCKET_MAX_PAYLOAD_BYTES'>,
): RealtimeServer {
  return new Server(httpServer, {
    maxHttpBufferSize: config.SOCKET_MAX_PAYLOAD_BYTES,
    parser: socketParser,
    cors: { origin: config.ALLOWED_ORIGINS, credentials: true },
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      const allowed =
        !origin || config.ALLOWED_ORIGINS.includes(origin) || sameHost(origin, req.headers.host);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
}
