// How a place's state reads, as SQL every query shares: the rules themselves are SQL
// functions (migration 0009), so they are written once. A hold counts until its time is
// up and not a moment longer, whether or not the sweeper has run.

/** The state of seat row `es`: held by a hold whose time is up reads as available. */
export const SEAT_STATUS = 'seat_status(es.status, es.held_until)';

/** Standing places left in counter row `g`: capacity less sold and less live holds. */
export const STANDING_LEFT = 'standing_left(g.event_id, g.section_id, g.capacity, g.sold)';
