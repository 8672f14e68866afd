import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import { randomCode } from './codes.js';
import { selectRows } from './sql.js';

/** Why a coupon cannot be used, in detail: for staff; customers get one answer for all. */
export class CouponRefused extends AppError {
  constructor(readonly reason: string) {
    super('VALIDATION_FAILED', `That coupon ${reason}.`, { coupon: reason });
  }
}

const USABLE = `active
  AND (valid_from IS NULL OR valid_from <= now()) AND (valid_until IS NULL OR valid_until > now())
  AND (usage_limit IS NULL OR used_count < usage_limit)`;

/**
 * The discount a coupon gives an order of `subtotalCents`, and its id: a use is not
 * taken yet (that happens at payment, takeCouponUse), so unpaid checkouts cannot pin a
 * limited coupon's uses. CouponRefused when it cannot be used.
 */
export async function priceCoupon(
  code: string,
  subtotalCents: number,
  currency: string,
  transaction: Transaction,
): Promise<{ id: number; discountCents: number }> {
  const normalized = code.trim().toUpperCase();
  const [coupon] = await selectRows<{ id: number; kind: 'percent' | 'fixed'; amount: number }>(
    `SELECT id, kind, amount FROM coupons
      WHERE code = :code AND ${USABLE} AND (kind = 'percent' OR currency = :currency)`,
    { code: normalized, currency },
    transaction,
  );
  if (!coupon) throw await whyNot(normalized, currency, transaction);
  const discountCents =
    coupon.kind === 'percent'
      ? Math.round((subtotalCents * coupon.amount) / 100)
      : Math.min(coupon.amount, subtotalCents);
  return { id: coupon.id, discountCents };
}

/** Whether a coupon may still be used now (it is not locked: takeCouponUse decides). */
export async function couponUsable(couponId: number, transaction: Transaction): Promise<boolean> {
  const rows = await selectRows<{ id: number }>(
    `SELECT id FROM coupons WHERE id = :couponId AND ${USABLE}`,
    { couponId },
    transaction,
  );
  return rows.length === 1;
}

/**
 * Takes one use of a booking's coupon as it is paid. One conditional UPDATE counts it,
 * so concurrent payments never pass the usage limit: each waits for the row, then finds
 * the count as the one before it left it. False when the coupon ran out or stopped since
 * checkout.
 */
export async function takeCouponUse(couponId: number, transaction: Transaction): Promise<boolean> {
  const rows = await selectRows<{ id: number }>(
    `UPDATE coupons SET used_count = used_count + 1, updated_at = now()
      WHERE id = :couponId AND ${USABLE} RETURNING id`,
    { couponId },
    transaction,
  );
  return rows.length === 1;
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
  return new CouponRefused(
    !coupon
      ? 'is not a coupon we know'
      : !coupon.active || coupon.ended
        ? 'has expired'
        : !coupon.started
          ? 'is not valid yet'
          : coupon.used_up
            ? 'has been used up'
            : `is for orders in ${coupon.currency}, not ${currency}`,
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

/** A code nobody guesses: ten random characters (50 bits), as `XXXXX-XXXXX`. */
export function randomCouponCode(): string {
  const chars = randomCode(10);
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
