import type { ErrorCode } from './error-codes.js';

/** What a client sends as the payload of a Socket.IO "message" event (docs/api.md, Socket.IO). */
export interface ClientEnvelope {
  type: string;
  data?: Record<string, unknown>;
  eid: string;
  ts?: number;
}

/** What the server sends back: a reply carries the request's eid, a push has none. */
export interface ServerEnvelope<Data = unknown> {
  type: string;
  data: Data;
  eid?: string;
  ts: number;
  error?: ErrorCode;
}

export type Ack = (reply: ServerEnvelope) => void;

export interface ClientToServerEvents {
  message: (envelope: unknown, ack?: Ack) => void;
}

export interface ServerToClientEvents {
  message: (envelope: ServerEnvelope) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  actor: import('./types.js').Actor | null;
  /** The session the handshake's cookie belongs to: raw id and public id. */
  sid: string | null;
  sessionId: string | null;
  /** The client's address, through trusted proxies (TRUST_PROXY). */
  ip: string;
  /** What the session remembered at the last message: see refreshSocketActor. */
  auth?: {
    reenroll?: boolean;
    verified_at?: number;
    failed_codes?: { count: number; last_at: string };
  } | null;
  /** A sign-up or authenticator change begun on this connection. */
  pending?: {
    purpose: 'signup' | 'setup' | 'reenroll';
    username: string;
    user_id?: number;
    secret: string;
    expires_at: number;
  };
}

/** `seats.changed`: what changed on an event's map, numbered so a gap shows (docs/api.md, Socket.IO). */
export interface SeatChangeSet {
  event_id: number;
  version: number;
  seats: Array<{ id: number; status: 'available' | 'held' | 'booked' }>;
  sections: Array<{ id: number; available: number }>;
}
