import express, { type Request, type Response, type Router } from 'express';
import { toAppError, type AppError } from '../../core/errors.js';
import couponsCreate from '../../methods/coupons/create.js';
import couponsList from '../../methods/coupons/list.js';
import couponsSetActive from '../../methods/coupons/set-active.js';
import type { MethodRegistry } from '../../methods/registry.js';
import { randomCouponCode } from '../../models/coupons.js';
import { fromWallTime } from '../../shared/format.js';
import { call, fieldText, formPost, redirectWith } from './forms.js';
import { renderForm } from './render.js';

type Body = Record<string, unknown>;

/** A coupon's input from its form: money in major units, dates as UTC wall times. */
function couponInput(body: Body) {
  const fixed = body.kind === 'fixed';
  const amount = fieldText(body.amount).trim().replace(',', '.');
  const when = (value: unknown) =>
    fieldText(value).trim() ? fromWallTime(fieldText(value), 'UTC') : undefined;
  return {
    code: fieldText(body.code),
    kind: fieldText(body.kind),
    amount: fixed && /^\d+(\.\d{1,2})?$/.test(amount) ? Math.round(Number(amount) * 100) : amount,
    ...(fixed ? { currency: fieldText(body.currency) } : {}),
    ...(fieldText(body.usage_limit).trim() ? { usage_limit: fieldText(body.usage_limit) } : {}),
    ...(when(body.valid_from) ? { valid_from: when(body.valid_from) } : {}),
    ...(when(body.valid_until) ? { valid_until: when(body.valid_until) } : {}),
  };
}

/** /admin/coupons: discount codes, their uses, stopping one. Admins only. */
export function adminCouponPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const m = {
    list: registry.registered(couponsList),
    create: registry.registered(couponsCreate),
    setActive: registry.registered(couponsSetActive),
  };

  async function render(req: Request, res: Response, form: Body = {}, error?: AppError) {
    const { coupons } = (await call(req, m.list, {})) as { coupons: unknown[] };
    renderForm(res, 'admin/coupons', { title: 'Coupons', coupons, form }, error);
  }

  // A random code is suggested: a word like SUMMER10 is the first thing guessed.
  router.get('/admin/coupons', (req, res) =>
    render(req, res, { code: randomCouponCode(), kind: 'percent', currency: 'EUR' }),
  );

  formPost(router, '/admin/coupons', async (req, res) => {
    try {
      const { coupon } = (await call(req, m.create, couponInput(req.body as Body))) as {
        coupon: { code: string };
      };
      redirectWith(req, res, '/admin/coupons', {
        kind: 'success',
        text: `${coupon.code} is ready to use.`,
      });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'VALIDATION_FAILED') throw raw;
      await render(req, res, req.body as Body, error);
    }
  });

  formPost(router, '/admin/coupons/:id/active', async (req, res) => {
    const active = (req.body as Body).active === 'true';
    await call(req, m.setActive, { id: req.params.id, active });
    redirectWith(req, res, '/admin/coupons', {
      kind: 'success',
      text: active ? 'The coupon works again.' : 'The coupon is stopped.',
    });
  });

  return router;
}
