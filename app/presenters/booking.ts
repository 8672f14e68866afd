import type { BookingRules } from '../core/config.js';
import type { HoldRow } from '../models/holds.js';

/** A hold as DESIGN §6 shapes it. Only its owner ever sees it. */
export function presentHold(
  hold: HoldRow,
  contents: { seatIds: number[]; sections: Array<{ section_id: number; quantity: number }> },
  rules: BookingRules,
) {
  const active = hold.status === 'active' && !hold.lapsed;
  return {
    id: hold.id,
    event_id: hold.event_id,
    status: active ? 'active' : hold.status === 'active' ? 'expired' : hold.status,
    seat_ids: active ? contents.seatIds : [],
    sections: active ? contents.sections : [],
    expires_at: new Date(hold.expires_at).toISOString(),
    extensions_left: Math.max(0, rules.holdMaxExtensions - hold.extensions),
    customer_name: hold.customer_name,
  };
}
