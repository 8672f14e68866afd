// How a place's state reads, as SQL fragments every query shares. A hold counts until
// its time is up and not a moment longer, whether or not the sweeper has run.

/** The state of seat row `es`: held by a hold whose time is up reads as available. */
export const SEAT_STATUS = `CASE WHEN es.status = 'held' AND es.held_until <= now()
  THEN 'available' ELSE es.status END`;

/** Standing places left in counter row `g`: capacity less sold and less live holds. */
export const STANDING_LEFT = `g.capacity - g.sold - COALESCE((
  SELECT sum(hs.quantity) FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
   WHERE hs.event_id = g.event_id AND hs.section_id = g.section_id AND hs.quantity > 0
     AND h.status = 'active' AND h.expires_at > now()), 0)`;
