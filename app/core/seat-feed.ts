import type { SeatChangeSet } from '../shared/socket-contract.js';

export type ChangeSetLoader = (
  eventId: number,
  seatIds: number[],
  sectionIds: number[],
) => Promise<SeatChangeSet | null>;

/**
 * Coalesces the seat changes this process commits, per event: the first change starts a
 * short window, and everything that changed in it goes out as one change set, read fresh
 * when the window closes. One change set per event is loaded at a time, so this
 * process's versions for an event go out in order.
 */
export class SeatFeed {
  readonly #pending = new Map<number, { seats: Set<number>; sections: Set<number> }>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  readonly #running = new Map<number, Promise<void>>();

  constructor(
    private readonly load: ChangeSetLoader,
    private readonly emit: (changeSet: SeatChangeSet) => void,
    private readonly onError: (error: unknown) => void,
    private readonly windowMs = 15,
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
    const timer = setTimeout(() => void this.#flush(eventId), this.windowMs);
    timer.unref();
    this.#timers.set(eventId, timer);
  }

  #flush(eventId: number): Promise<void> {
    clearTimeout(this.#timers.get(eventId));
    this.#timers.delete(eventId);
    const entry = this.#pending.get(eventId);
    this.#pending.delete(eventId);
    if (!entry) return Promise.resolve();
    const run = this.load(eventId, [...entry.seats], [...entry.sections])
      .then((changeSet) => {
        if (changeSet) this.emit(changeSet);
      })
      .catch(this.onError)
      .finally(() => {
        this.#running.delete(eventId);
        if (this.#pending.has(eventId)) this.#schedule(eventId);
      });
    this.#running.set(eventId, run);
    return run;
  }

  /** Sends what is waiting now, and resolves once everything added so far has gone out. */
  async idle(): Promise<void> {
    while (this.#timers.size || this.#running.size) {
      for (const eventId of [...this.#timers.keys()]) void this.#flush(eventId);
      await Promise.all(this.#running.values());
    }
  }
}
