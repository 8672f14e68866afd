import { listCoupons } from '../../models/coupons.js';
import { presentCoupon } from '../../presenters/coupon.js';
import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'coupons.list',
  summary: 'Every coupon with its uses so far (admins).',
  access: ['admin'],
  scope: 'admin',
  input: {},
  async run() {
    return { coupons: (await listCoupons()).map(presentCoupon) };
  },
});
