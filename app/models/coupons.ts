import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import { execute, selectRows } from './sql.js';

/**
 * Uses a coupon once for an order of `subtotalCents`, answering its id and the discount.
 * One conditional UPDATE counts the use, so concurrent orders never pass the usage limit:
 * each waits for the row, then finds the count as the one before it left it.
 */
export async function useCoupon(
  code: string,
  subtotalCents: number,
  currency: string,
  transaction: Transaction,
): Promise<{ id: number; discountCents: number }> {
  const [coupon] = await selectRows<{ id: number; kind: 'percent' | 'fixed'; amount: number }>(
    `UPDATE coupons SET used_count = used_count + 1, updated_at = now()
      WHERE code = :code AND active
        AND (valid_from IS NULL OR valid_from <= now()) AND (valid_until IS NULL OR valid_until > now())
        AND (usage_limit IS NULL OR used_count < usage_limit)
        AND (kind = 'percent' OR currency = :currency)
      RETURNING id, kind, amount`,
    { code: code.trim().toUpperCase(), currency },
    transaction,
  );
  if (!coupon) throw await whyNot(code.trim().toUpperCase(), currency, transaction);
  const discountCents =
    coupon.kind === 'percent'
      ? Math.round((subtotalCents * coupon.amount) / 100)
      : Math.min(coupon.amount, subtotalCents);
  return { id: coupon.id, discountCents };
}

async function whyNot(code: string, currency: string, transaction: Transaction) {
  const [coupon] = await selectRows<{
    active: boolean;
    started: boolean;
    ended: boolean;
    used_up: boolean;
    currency: string | null;
  }>(
    `SELECT active, COALESCE(valid_from <= now(), true) AS started,
            COALESCE(valid_until <= now(), false) AS ended,
            COALESCE(used_count >= usage_limit, false) AS used_up, currency
       FROM coupons WHERE code = :code`,
    { code },
    transaction,
  );
  const reason = !coupon
    ? 'is not a coupon we know'
    : !coupon.active || coupon.ended
      ? 'has expired'
      : !coupon.started
        ? 'is not valid yet'
        : coupon.used_up
          ? 'has been used up'
          : `is for orders in ${coupon.currency}, not ${currency}`;
  return new AppError('VALIDATION_FAILED', `That coupon ${reason}.`, { coupon: reason });
}

/** Gives a use back (an order that was never paid). */
export async function returnCoupon(couponId: number, transaction: Transaction): Promise<void> {
  await execute(
    `UPDATE coupons SET used_count = used_count - 1, updated_at = now()
      WHERE id = :couponId AND used_count > 0`,
    { couponId },
    transaction,
  );
}

export interface CouponRow {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  amount: number;
  currency: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  usage_limit: number | null;
  used_count: number;
  active: boolean;
}

const COUPON_COLUMNS =
  'id, code, kind, amount, currency, valid_from, valid_until, usage_limit, used_count, active';

export function listCoupons(): Promise<CouponRow[]> {
  return selectRows<CouponRow>(
    `SELECT ${COUPON_COLUMNS} FROM coupons ORDER BY created_at DESC, id DESC`,
    {},
  );
}

export async function createCoupon(
  coupon: Omit<CouponRow, 'id' | 'used_count' | 'active'>,
  createdBy: number,
): Promise<CouponRow> {
  const [created] = await selectRows<CouponRow>(
    `INSERT INTO coupons (code, kind, amount, currency, valid_from, valid_until, usage_limit, created_by)
     VALUES (:code, :kind, :amount, :currency, :valid_from, :valid_until, :usage_limit, :createdBy)
     RETURNING ${COUPON_COLUMNS}`,
    { ...coupon, createdBy },
  );
  return created!;
}

/** Stops or restarts a coupon; uses already made stay counted. */
export async function setCouponActive(id: number, active: boolean): Promise<CouponRow | undefined> {
  const [coupon] = await selectRows<CouponRow>(
    `UPDATE coupons SET active = :active, updated_at = now() WHERE id = :id RETURNING ${COUPON_COLUMNS}`,
    { id, active },
  );
  return coupon;
}
