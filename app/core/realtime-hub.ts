import type { RealtimeServer } from './realtime.js';

/**
 * What methods may ask of the realtime layer, without knowing Socket.IO. The server is
 * attached once it exists; before that (and in processes without sockets) calls do nothing.
 */
export class RealtimeHub {
  #io: RealtimeServer | undefined;

  attach(io: RealtimeServer): void {
    this.#io = io;
  }

  /** Disconnects every socket opened with the given session (logout, revocation). */
  disconnectSession(sessionId: string): void {
    this.#io?.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  /** Disconnects every socket of a user (their role changed): they reconnect as they are now. */
  disconnectUser(userId: number): void {
    this.#io?.in(userRoom(userId)).disconnectSockets(true);
  }
}

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const userRoom = (userId: number) => `user:${userId}`;
