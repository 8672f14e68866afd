import type { CouponRow } from '../models/coupons.js';

/** A coupon as admins see it. */
export function presentCoupon(coupon: CouponRow) {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return {
    id: coupon.id,
    code: coupon.code,
    kind: coupon.kind,
    amount: coupon.amount,
    currency: coupon.currency,
    valid_from: iso(coupon.valid_from),
    valid_until: iso(coupon.valid_until),
    usage_limit: coupon.usage_limit,
    used_count: coupon.used_count,
    active: coupon.active,
  };
}
