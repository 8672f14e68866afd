import { AppError } from '../../core/errors.js';
import { createCoupon } from '../../models/coupons.js';
import { presentCoupon } from '../../presenters/coupon.js';
import { defineMethod } from '../define.js';

interface Input {
  code: string;
  kind: 'percent' | 'fixed';
  amount: number;
  currency?: string;
  valid_from?: Date;
  valid_until?: Date;
  usage_limit?: number;
}

const when = {
  optional: true,
  isISO8601: { options: { strict: true }, errorMessage: 'must be a date and time (ISO 8601)' },
  toDate: true,
};

/** A discount code: percent off, or a fixed amount off in one currency. Admins only. */
export default defineMethod<Input, object>({
  type: 'coupons.create',
  summary: 'Create a coupon: percent or fixed discount, validity window, usage limit (admins).',
  access: ['admin'],
  scope: 'admin',
  input: {
    code: {
      isString: { errorMessage: 'is required', bail: true },
      trim: true,
      toUpperCase: true,
      matches: {
        options: /^[A-Z0-9_-]{3,32}$/,
        errorMessage: 'must be 3 to 32 of A–Z, 0–9, _ and -',
      },
    },
    kind: { isIn: { options: [['percent', 'fixed']], errorMessage: 'must be percent or fixed' } },
    amount: {
      isInt: {
        options: { min: 1, max: 10_000_000 },
        errorMessage: 'must be a positive whole number',
      },
      toInt: true,
    },
    currency: {
      optional: true,
      isString: true,
      matches: { options: /^[A-Z]{3}$/, errorMessage: 'must be an ISO 4217 code such as EUR' },
    },
    valid_from: when,
    valid_until: when,
    usage_limit: {
      optional: true,
      isInt: { options: { min: 1 }, errorMessage: 'must be a positive whole number' },
      toInt: true,
    },
  },
  async run(ctx, input) {
    const problems: Record<string, string> = {};
    if (input.kind === 'percent' && input.amount > 100)
      problems.amount = 'a percentage is at most 100';
    if (input.kind === 'fixed' && !input.currency)
      problems.currency = 'a fixed discount needs a currency';
    if (input.kind === 'percent' && input.currency)
      problems.currency = 'a percentage has no currency';
    if (input.valid_from && input.valid_until && input.valid_until <= input.valid_from)
      problems.valid_until = 'must be after valid_from';
    if (Object.keys(problems).length)
      throw new AppError('VALIDATION_FAILED', 'Some values are not valid.', problems);
    const coupon = await createCoupon(
      {
        code: input.code,
        kind: input.kind,
        amount: input.amount,
        currency: input.currency ?? null,
        valid_from: input.valid_from ?? null,
        valid_until: input.valid_until ?? null,
        usage_limit: input.usage_limit ?? null,
      },
      ctx.actor!.id,
    );
    return { coupon: presentCoupon(coupon) };
  },
});
