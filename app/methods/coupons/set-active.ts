import { AppError } from '../../core/errors.js';
import { setCouponActive } from '../../models/coupons.js';
import { presentCoupon } from '../../presenters/coupon.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

export default defineMethod<{ id: number; active: boolean }, object>({
  type: 'coupons.set_active',
  summary: 'Stop a coupon, or start it again (admins).',
  access: ['admin'],
  scope: 'admin',
  input: { id, active: { isBoolean: { errorMessage: 'must be true or false' }, toBoolean: true } },
  async run(_ctx, input) {
    const coupon = await setCouponActive(input.id, input.active);
    if (!coupon) throw new AppError('NOT_FOUND', 'No such coupon.');
    return { coupon: presentCoupon(coupon) };
  },
});
