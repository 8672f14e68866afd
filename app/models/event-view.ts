import { Event } from './event.js';
import { EventPrice } from './event-price.js';
import { Hall } from './hall.js';
import { Venue } from './venue.js';

/** An event with what its presentation needs: hall, venue and prices. */
export async function loadEventView(event: Event) {
  const hall = await Hall.findByPk(event.hall_id, { rejectOnEmpty: true });
  const venue = await Venue.findByPk(hall.venue_id, { rejectOnEmpty: true });
  const prices = await EventPrice.findAll({
    where: { event_id: event.id },
    order: [['section_id', 'ASC']],
  });
  return { event, hall, venue, prices };
}

/** The same for many events, in three queries whatever their number. */
export async function loadEventViews(events: Event[]) {
  const halls = await Hall.findAll({ where: { id: [...new Set(events.map((e) => e.hall_id))] } });
  const venues = await Venue.findAll({
    where: { id: [...new Set(halls.map((hall) => hall.venue_id))] },
  });
  const prices = await EventPrice.findAll({
    where: { event_id: events.map((event) => event.id) },
    order: [['section_id', 'ASC']],
  });
  return events.map((event) => {
    const hall = halls.find((item) => item.id === event.hall_id)!;
    return {
      event,
      hall,
      venue: venues.find((item) => item.id === hall.venue_id)!,
      prices: prices.filter((price) => price.event_id === event.id),
    };
  });
}
