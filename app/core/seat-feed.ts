import type { SeatChangeSet } from '../shared/socket-contract.js';

export type ChangeSetLoader = (
  eventId: number,
  seatIds: number[],
  sectionIds: number[],
) => Promise<SeatChangeSet | null>;

/**
 * Coalesces the seat changes this process commits, per event: a change after a quiet
 * moment goes out at once, and change sets of one event are at least `windowMs` apart,
 * so what changes meanwhile goes out together, read fresh when it is sent. A lone hold
 * reaches screens without waiting; an on-sale rush costs each subscriber at most one
 * message per window (docs/performance.md has both measured). One change set per event
 * is loaded at a time, so this process's versions for an event go out in order.
 */
export class SeatFeed {
  readonly #pending = new Map<number, { seats: Set<number>; sections: Set<number> }>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  readonly #running = new Map<number, Promise<void>>();
  /** When each event's last change set started, for the spacing between them. */
  readonly #lastSent = new Map<number, number>();

  constructor(
    private readonly load: ChangeSetLoader,
    private readonly emit: (changeSet: SeatChangeSet) => void,
    private readonly onError: (error: unknown) => void,
    private readonly windowMs: number,
  ) {}

  add(eventId: number, seatIds: number[], sectionIds: number[]): void {
    if (!seatIds.length && !sectionIds.length) return;
    let entry = this.#pending.get(eventId);
    if (!entry) this.#pending.set(eventId, (entry = { seats: new Set(), sections: new Set() }));
    for (const id of seatIds) entry.seats.add(id);
    for (const id of sectionIds) entry.sections.add(id);
    if (!this.#timers.has(eventId) && !this.#running.has(eventId)) this.#schedule(eventId);
  }

  #schedule(eventId: number): void {
    const wait = (this.#lastSent.get(eventId) ?? -Infinity) + this.windowMs - Date.now();
    const timer = setTimeout(() => void this.#flush(eventId), Math.max(0, wait));
    timer.unref();
    this.#timers.set(eventId, timer);
  }

  #flush(eventId: number): Promise<void> {
    clearTimeout(this.#timers.get(eventId));
    this.#timers.delete(eventId);
    const entry = this.#pending.get(eventId);
    this.#pending.delete(eventId);
    if (!entry) return Promise.resolve();
    this.#lastSent.set(eventId, Date.now());
    const run = this.load(eventId, [...entry.seats], [...entry.sections])
      .then((changeSet) => {
        if (changeSet) this.emit(changeSet);
      })
      .catch(this.onError)
      .finally(() => {
        this.#running.delete(eventId);
        if (this.#pending.has(eventId)) this.#schedule(eventId);
        else this.#forgetLater(eventId);
      });
    this.#running.set(eventId, run);
    return run;
  }

  /** Forgets when an event's last change set went out, once that no longer spaces the next. */
  #forgetLater(eventId: number): void {
    const sent = this.#lastSent.get(eventId);
    setTimeout(() => {
      if (this.#lastSent.get(eventId) === sent && !this.#pending.has(eventId))
        this.#lastSent.delete(eventId);
    }, this.windowMs).unref();
  }

  /** Sends what is waiting now, and resolves once everything added so far has gone out. */
  async idle(): Promise<void> {
    while (this.#timers.size || this.#running.size) {
      for (const eventId of [...this.#timers.keys()]) void this.#flush(eventId);
      await Promise.all(this.#running.values());
    }
  }
}
