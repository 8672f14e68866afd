import type { RealtimeServer } from './realtime.js';
import { SeatFeed, type ChangeSetLoader } from './seat-feed.js';

/**
 * What methods may ask of the realtime layer, without knowing Socket.IO. The server is
 * attached once it exists; before that (and in processes without sockets) calls do nothing.
 */
export class RealtimeHub {
  #io: RealtimeServer | undefined;
  #feed: SeatFeed | undefined;

  readonly #changeListeners: Array<(eventId: number) => void> = [];

  attach(io: RealtimeServer): void {
    this.#io = io;
  }

  /** Calls `listener` the moment this process commits a change to an event's places. */
  onSeatsChanged(listener: (eventId: number) => void): void {
    this.#changeListeners.push(listener);
  }

  /** Pushes committed seat changes to the event's room, coalesced (see SeatFeed). */
  useSeatFeed(load: ChangeSetLoader, onError: (error: unknown) => void, windowMs: number): void {
    this.#feed = new SeatFeed(
      load,
      (changeSet) =>
        this.#io
          ?.to(eventRoom(changeSet.event_id))
          .emit('message', { type: 'seats.changed', data: changeSet, ts: Date.now() }),
      onError,
      windowMs,
    );
  }

  /** Seats or standing places of an event changed; call after the change committed. */
  seatsChanged(changes: { eventId: number; seatIds: number[]; sectionIds: number[] }): void {
    for (const listener of this.#changeListeners) listener(changes.eventId);
    this.#feed?.add(changes.eventId, changes.seatIds, changes.sectionIds);
  }

  /** A message for every socket of one user (their hold expired, say). */
  notifyUser(userId: number, type: string, data: unknown): void {
    this.#io?.to(userRoom(userId)).emit('message', { type, data, ts: Date.now() });
  }

  /** Resolves once every seat change so far has been pushed. */
  async idle(): Promise<void> {
    await this.#feed?.idle();
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
export const eventRoom = (eventId: number) => `event:${eventId}`;
