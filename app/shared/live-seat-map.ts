// A client's copy of an event's seat map, kept current from a snapshot and the
// `seats.changed` pushes that follow it. Shared by the browser's seat map and tests.
import type { SeatChangeSet } from './socket-contract.js';

export type SeatStatus = 'available' | 'held' | 'booked';

export interface SeatMapSnapshot {
  event_id: number;
  version: number;
  seats: Array<{ id: number; status: SeatStatus }>;
  sections: Array<{ id: number; available: number }>;
}

export class LiveSeatMap {
  version = -1;
  readonly seats = new Map<number, SeatStatus>();
  readonly sections = new Map<number, number>();
  /** Pushes that came before the snapshot they follow. */
  #early: SeatChangeSet[] = [];

  /** Takes a snapshot, then whatever pushes arrived ahead of it and are newer. */
  load(snapshot: SeatMapSnapshot): void {
    this.version = snapshot.version;
    this.seats.clear();
    this.sections.clear();
    for (const seat of snapshot.seats) this.seats.set(seat.id, seat.status);
    for (const section of snapshot.sections) this.sections.set(section.id, section.available);
    const early = this.#early.sort((a, b) => a.version - b.version);
    this.#early = [];
    for (const change of early) if (change.version > this.version) this.apply(change);
  }

  /** Forgets the version while a fresh snapshot is on its way: pushes wait for it. */
  resync(): void {
    this.version = -1;
  }

  /**
   * Applies a push: `applied` when it is the next version, `stale` when the map already
   * has it, `gap` when a version in between was missed: the caller subscribes again.
   * Before the first snapshot, pushes wait for it (`early`).
   */
  apply(change: SeatChangeSet): 'applied' | 'stale' | 'gap' | 'early' {
    if (this.version < 0) {
      this.#early.push(change);
      return 'early';
    }
    if (change.version <= this.version) return 'stale';
    if (change.version > this.version + 1) return 'gap';
    for (const seat of change.seats) this.seats.set(seat.id, seat.status);
    for (const section of change.sections) this.sections.set(section.id, section.available);
    this.version = change.version;
    return 'applied';
  }
}
