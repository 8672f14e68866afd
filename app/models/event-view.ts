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
