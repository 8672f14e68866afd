import { QueryTypes } from 'sequelize';
import { Event } from './event.js';
import { SEAT_STATUS, STANDING_LEFT } from './seat-state.js';

export interface SeatMapSeat {
  id: number;
  section_id: number;
  row: string;
  number: number;
  x: number;
  y: number;
  accessible: boolean;
  status: 'available' | 'held' | 'booked';
}

export interface SeatMapSection {
  id: number;
  name: string;
  kind: 'seated' | 'general_admission';
  capacity: number;
  available: number;
  area: { x: number; y: number; width: number; height: number } | null;
}

export interface SeatMap {
  version: number;
  seats: readonly SeatMapSeat[];
  sections: readonly SeatMapSection[];
}

type Geometry = {
  seats: Array<Omit<SeatMapSeat, 'status'>>;
  sections: Array<Omit<SeatMapSection, 'available'>>;
};

/** Where each seat and section is: the hall's layout, which never changes once published. */
async function geometryOf(hallId: number): Promise<Geometry> {
  const [row] = await Event.sequelize!.query<{ geometry: Geometry }>(
    `SELECT json_build_object(
       'seats', COALESCE((
         SELECT json_agg(json_build_object(
                  'id', s.id, 'section_id', s.section_id, 'row', s.row_label, 'number', s.number,
                  'x', s.x, 'y', s.y, 'accessible', s.accessible)
                ORDER BY c.position, s.y, s.x)
           FROM sections c JOIN seats s ON s.section_id = c.id
          WHERE c.hall_id = :hallId), '[]'),
       'sections', COALESCE((
         SELECT json_agg(json_build_object(
                  'id', c.id, 'name', c.name, 'kind', c.kind, 'capacity', c.capacity, 'area', c.area)
                ORDER BY c.position)
           FROM sections c WHERE c.hall_id = :hallId), '[]')
     ) AS geometry`,
    { replacements: { hallId }, type: QueryTypes.SELECT },
  );
  return row!.geometry;
}

export interface States {
  version: number;
  /** Seats held by a hold whose time is not up, and seats sold; the rest are free. */
  held: number[];
  booked: number[];
  /** Places left per standing section. */
  standing: Array<{ id: number; available: number }>;
  /** When the first live hold of the event runs out, and its places read as free. */
  lapse: Date | null;
}

/**
 * The state of an event's places now, and the version of its map: one statement, so one
 * snapshot. A hold counts until its time is up and not a moment longer, whether or not
 * the sweeper has run, so the answer also says when the first live hold runs out.
 */
export async function statesOf(eventId: number): Promise<States> {
  const [row] = await Event.sequelize!.query<States>(
    `SELECT COALESCE((SELECT version FROM seat_map_versions WHERE event_id = :eventId), 0)::int AS version,
            COALESCE((SELECT json_agg(seat_id) FROM event_seats es
                       WHERE event_id = :eventId AND status <> 'available'
                         AND ${SEAT_STATUS} = 'held'), '[]') AS held,
            COALESCE((SELECT json_agg(seat_id) FROM event_seats
                       WHERE event_id = :eventId AND status = 'booked'), '[]') AS booked,
            COALESCE((SELECT json_agg(json_build_object('id', g.section_id, 'available', ${STANDING_LEFT}))
                        FROM event_sections g WHERE g.event_id = :eventId), '[]') AS standing,
            (SELECT min(expires_at) FROM holds
              WHERE event_id = :eventId AND status = 'active' AND expires_at > now()) AS lapse`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  return row!;
}

/** The map an event's geometry and states make: per version, not per request. */
function assemble(geometry: Geometry, states: States): SeatMap {
  const held = new Set(states.held);
  const booked = new Set(states.booked);
  const free = new Map<number, number>();
  const seats = geometry.seats.map((seat): SeatMapSeat => {
    const status = booked.has(seat.id) ? 'booked' : held.has(seat.id) ? 'held' : 'available';
    if (status === 'available') free.set(seat.section_id, (free.get(seat.section_id) ?? 0) + 1);
    // Field by field, not `{...seat, status}`: V8 gave each spread copy a hidden class of
    // its own (about 300 bytes a seat, 0.6 MB a 2,000-seat map per version kept).
    return {
      id: seat.id,
      section_id: seat.section_id,
      row: seat.row,
      number: seat.number,
      x: seat.x,
      y: seat.y,
      accessible: seat.accessible,
      status,
    };
  });
  const standing = new Map(states.standing.map((section) => [section.id, section.available]));
  const sections = geometry.sections.map((section): SeatMapSection => ({
    ...section,
    available:
      section.kind === 'general_admission'
        ? (standing.get(section.id) ?? section.capacity)
        : (free.get(section.id) ?? 0),
  }));
  return Object.freeze({ version: states.version, seats, sections });
}

/**
 * A map is kept at most this long even when its version has not moved: a change whose
 * push never went out (its process died between commit and push) shows within it.
 */
const MAX_AGE_MS = 2_000;

/**
 * Least time between two reads of one event's states: each read of a 2,000-seat map and
 * its encoding costs a few milliseconds of the event loop (docs/performance.md).
 */
const MIN_RELOAD_MS = 50;

/** Maps kept at most: a 2,000-seat hall's is about 300 kB. */
const MAX_EVENTS = 100;

interface Cached {
  /** Tells a new event apart from a deleted one that had the same id. */
  publishedAt: number;
  geometry: Geometry;
  map?: { value: SeatMap; until: number };
  /** A map being read, so that a rush of requests reads it once; `from` as it began. */
  loading?: { map: Promise<SeatMap>; from: number };
  /** How many times this process has changed the event's places (see `forget`). */
  changes: number;
  /** When the last read of its states began. */
  loadedAt?: number;
}

/**
 * Seat maps of published events, kept per process (docs/performance.md). The layout is
 * read once per event; the states again only when the map's version moves, the first
 * live hold runs out, or MAX_AGE_MS passes. Asking costs one indexed read of the version.
 * A change this process commits shows at once, before its push moves the version. A
 * draft (no inventory yet, its hall's layout still open to change) is read afresh each
 * time, at version 0 with every seat available.
 */
export class SeatMapCache {
  readonly #events = new Map<number, Cached>();
  /** Events with their map's version as last read, and when (see `event`). */
  readonly #known = new Map<number, { at: number; event: Promise<MapEvent | null> }>();
  #trustMs = 0;

  constructor(
    private readonly readStates: (eventId: number) => Promise<States> = statesOf,
    private readonly readEvent: (eventId: number) => Promise<MapEvent | null> = findMapEvent,
  ) {}

  /**
   * How long an event and its map's version, once read, answer without another read
   * (SEAT_VERSION_TRUST_MS). This process's own changes end it at once (`forget`);
   * another process's show within it. 0 reads them on every ask.
   */
  trustVersionsFor(ms: number): void {
    this.#trustMs = ms;
    this.#known.clear();
  }

  /** An event with its map's version: read again once trusted longer than allowed. */
  event(eventId: number): Promise<MapEvent | null> {
    const now = Date.now();
    const known = this.#known.get(eventId);
    if (known && now - known.at < this.#trustMs) return known.event;
    const event = this.readEvent(eventId);
    void event.then(
      (found) => found && this.#settled.set(event, found),
      () => undefined,
    );
    if (this.#trustMs > 0) {
      this.#known.set(eventId, { at: now, event });
      if (this.#known.size > MAX_EVENTS * 10) this.#known.delete(this.#known.keys().next().value!);
      // A failed read is not kept.
      event.catch(() => this.#known.delete(eventId));
    }
    return event;
  }

  /**
   * The event and its map, when both are known now without a read: the event read within
   * the trust window, the map kept for its version and not yet past its time. Undefined
   * otherwise (ask with `event` and `get`).
   */
  peek(eventId: number): { event: MapEvent; map: SeatMap } | undefined {
    const known = this.#known.get(eventId);
    if (!known || Date.now() - known.at >= this.#trustMs) return undefined;
    const settled = this.#settled.get(known.event);
    const map = settled && this.#events.get(eventId)?.map;
    if (!settled || !map || Date.now() >= map.until || map.value.version !== settled.version)
      return undefined;
    return { event: settled, map: map.value };
  }

  /** Event reads that have answered, by their promise (peek is synchronous). */
  readonly #settled = new WeakMap<Promise<MapEvent | null>, MapEvent>();

  async get(event: MapEvent): Promise<SeatMap> {
    if (!event.published_at)
      return assemble(await geometryOf(event.hall_id), {
        version: 0,
        held: [],
        booked: [],
        standing: [],
        lapse: null,
      });
    const publishedAt = event.published_at.getTime();
    let cached = this.#events.get(event.id);
    if (cached?.publishedAt !== publishedAt) cached = await this.#entry(event, publishedAt);
    const seen = cached.changes;
    const map = cached.map;
    if (map && Date.now() < map.until && event.version === map.value.version) return map.value;
    const first = (cached.loading ??= this.#load(event.id, cached));
    const loaded = await first.map;
    // A read that began before the version this caller saw, or before a change of this
    // process that came before this caller, is not new enough for it.
    if (loaded.version >= event.version && first.from >= seen) return loaded;
    return (cached.loading ??= this.#load(event.id, cached)).map;
  }

  /** Layouts being read, per event: a rush on a map not kept yet reads its layout once. */
  readonly #entering = new Map<number, { publishedAt: number; entry: Promise<Cached> }>();

  #entry(event: MapEvent, publishedAt: number): Promise<Cached> {
    const entering = this.#entering.get(event.id);
    if (entering?.publishedAt === publishedAt) return entering.entry;
    const entry = geometryOf(event.hall_id)
      .then((geometry) => {
        const cached: Cached = { publishedAt, geometry, changes: 0 };
        this.#events.set(event.id, cached);
        // The longest kept goes first; an event still in demand is read back in one query.
        if (this.#events.size > MAX_EVENTS) this.#events.delete(this.#events.keys().next().value!);
        return cached;
      })
      .finally(() => {
        if (this.#entering.get(event.id)?.entry === entry) this.#entering.delete(event.id);
      });
    this.#entering.set(event.id, { publishedAt, entry });
    return entry;
  }

  /**
   * Reads an event's states afresh next time: this process changed them, and its push
   * (which moves the version) is still on its way.
   */
  forget(eventId: number): void {
    this.#known.delete(eventId);
    const cached = this.#events.get(eventId);
    if (!cached) return;
    cached.map = undefined;
    cached.changes++;
  }

  #load(eventId: number, cached: Cached): NonNullable<Cached['loading']> {
    // The read knows its own entry, to clear it when done and not a newer one.
    const load = { from: cached.changes } as NonNullable<Cached['loading']>;
    load.map = (async () => {
      try {
        // In a rush this process changes the event many times a second; its reads of the
        // states start at least MIN_RELOAD_MS apart, and each serves every caller that
        // came before it starts (so still none gets a read from before its change).
        const wait = (cached.loadedAt ?? 0) + MIN_RELOAD_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const from = (load.from = cached.changes);
        cached.loadedAt = Date.now();
        const states = await this.readStates(eventId);
        const value = assemble(cached.geometry, states);
        const until = Math.min(Date.now() + MAX_AGE_MS, states.lapse?.getTime() ?? Infinity);
        // Kept only if this process changed nothing while it was being read.
        if (cached.changes === from) cached.map = { value, until };
        return value;
      } finally {
        if (cached.loading === load) cached.loading = undefined;
      }
    })();
    return load;
  }
}

/** What a seat map needs of its event, and who may see it. */
export interface MapEvent {
  id: number;
  hall_id: number;
  status: Event['status'];
  created_by: number | null;
  published_at: Date | null;
  /** The map's version now. */
  version: number;
}

/** An event with the version of its map, in one indexed read; null when there is none. */
export async function findMapEvent(eventId: number): Promise<MapEvent | null> {
  const [row] = await Event.sequelize!.query<MapEvent>(
    `SELECT e.id, e.hall_id, e.status, e.created_by, e.published_at,
            COALESCE(v.version, 0)::int AS version
       FROM events e LEFT JOIN seat_map_versions v ON v.event_id = e.id
      WHERE e.id = :eventId`,
    { replacements: { eventId }, type: QueryTypes.SELECT },
  );
  return row ?? null;
}

/** This process's seat maps. */
export const seatMaps = new SeatMapCache();
