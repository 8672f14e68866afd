import type { Event, EventPrice, Hall, Section, Venue } from '../models/index.js';
import type { SeatMap } from '../models/seat-map.js';

export function presentVenue(venue: Venue) {
  return { id: venue.id, name: venue.name, address: venue.address, timezone: venue.timezone };
}

export function presentVenueWithHalls(venue: Venue, halls: Hall[]) {
  return {
    ...presentVenue(venue),
    halls: halls.map((hall) => ({ id: hall.id, name: hall.name })),
  };
}

function presentSection(section: Section) {
  return { id: section.id, name: section.name, kind: section.kind, capacity: section.capacity };
}

export function presentHall(hall: Hall, sections: Section[]) {
  return {
    id: hall.id,
    venue_id: hall.venue_id,
    name: hall.name,
    sections: sections.map(presentSection),
    capacity: sections.reduce((sum, section) => sum + section.capacity, 0),
  };
}

/** An event as docs/api.md (Resources) shapes it. */
export function presentEvent(event: Event, hall: Hall, venue: Venue, prices: EventPrice[]) {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    image_url: event.image_url,
    starts_at: event.starts_at.toISOString(),
    ends_at: event.ends_at.toISOString(),
    sales_start: event.sales_start?.toISOString() ?? null,
    sales_end: event.sales_end?.toISOString() ?? null,
    status: event.status,
    max_per_order: event.max_per_order,
    series_id: event.series_id,
    venue: { id: venue.id, name: venue.name, timezone: venue.timezone, address: venue.address },
    hall: { id: hall.id, name: hall.name },
    prices: prices.map((price) => ({
      section_id: price.section_id,
      price_cents: price.price_cents,
      currency: price.currency,
    })),
  };
}

const presentedMaps = new WeakMap<SeatMap, ReturnType<typeof seatMapShape>>();
const presentedStates = new WeakMap<SeatMap, ReturnType<typeof seatStatesShape>>();

/**
 * An event's seat map as docs/api.md (Seat map) shapes it, plus what drawing it needs (flags, areas).
 * A map is shaped once: the cache hands out one map per version (models/seat-map.ts).
 */
export function presentSeatMap(eventId: number, map: SeatMap) {
  let shaped = presentedMaps.get(map);
  if (!shaped) presentedMaps.set(map, (shaped = seatMapShape(eventId, map)));
  return shaped;
}

/** The states of an event's places alone, as a live map's snapshot has them. */
export function presentSeatStates(eventId: number, map: SeatMap) {
  let shaped = presentedStates.get(map);
  if (!shaped) presentedStates.set(map, (shaped = seatStatesShape(eventId, map)));
  return shaped;
}

function seatMapShape(eventId: number, map: SeatMap) {
  return {
    event_id: eventId,
    version: map.version,
    seats: map.seats.map((seat) => ({
      id: seat.id,
      section_id: seat.section_id,
      row: seat.row,
      number: seat.number,
      status: seat.status,
      x: seat.x,
      y: seat.y,
      accessible: seat.accessible,
    })),
    sections: map.sections.map((section) => ({
      id: section.id,
      name: section.name,
      kind: section.kind,
      capacity: section.capacity,
      available: section.available,
      area: section.area,
    })),
  };
}

function seatStatesShape(eventId: number, map: SeatMap) {
  return {
    event_id: eventId,
    version: map.version,
    seats: map.seats.map((seat) => ({ id: seat.id, status: seat.status })),
    sections: map.sections.map((section) => ({ id: section.id, available: section.available })),
  };
}
