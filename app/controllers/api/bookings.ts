import bookingsCancel from '../../methods/bookings/cancel.js';
import bookingsConfirm from '../../methods/bookings/confirm.js';
import bookingsCreate from '../../methods/bookings/create.js';
import bookingsGet from '../../methods/bookings/get.js';
import bookingsList from '../../methods/bookings/list.js';
import couponsCreate from '../../methods/coupons/create.js';
import couponsList from '../../methods/coupons/list.js';
import couponsSetActive from '../../methods/coupons/set-active.js';
import holdsExtend from '../../methods/holds/extend.js';
import ticketsGet from '../../methods/tickets/get.js';
import holdsGet from '../../methods/holds/get.js';
import seatsHold from '../../methods/seats/hold.js';
import seatsRelease from '../../methods/seats/release.js';
import type { Request } from 'express';
import { methodRoute, type ApiRoute } from './route.js';
import { errorRef, jsonResponse } from './schemas.js';

const object = { type: 'object' };
const signedIn = {
  400: errorRef('BadRequest'),
  401: errorRef('Unauthenticated'),
  404: errorRef('NotFound'),
};

/** Holds and bookings, under the seed API's names (docs/api.md, JSON). */
export function bookingRoutes(): ApiRoute[] {
  return [
    methodRoute('post', '/bookings/hold-seats', seatsHold, {
      status: 201,
      doc: {
        responses: {
          201: jsonResponse('{hold}: the caller’s hold, grown by these places.', object),
          ...signedIn,
          403: errorRef('Forbidden'),
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('post', '/bookings/release-seats', seatsRelease, {
      doc: { responses: { 200: jsonResponse('{hold} after the release.', object), ...signedIn } },
    }),
    methodRoute('post', '/bookings/extend-hold', holdsExtend, {
      doc: {
        responses: {
          200: jsonResponse('{hold} with its new expiry.', object),
          ...signedIn,
          409: errorRef('Conflict'),
          410: errorRef('Gone'),
        },
      },
    }),
    methodRoute('get', '/bookings/hold-status', holdsGet, {
      doc: { responses: { 200: jsonResponse('{hold} (null when none).', object), ...signedIn } },
    }),
    methodRoute('post', '/bookings/create', bookingsCreate, {
      status: 201,
      input: withIdempotencyKey,
      doc: {
        parameters: [idempotencyHeader],
        responses: {
          201: jsonResponse('{booking}: pending, with its total and payment window.', object),
          ...signedIn,
          409: errorRef('Conflict'),
          410: errorRef('Gone'),
          422: errorRef('Unprocessable'),
        },
      },
    }),
    methodRoute('post', '/bookings/:id/confirm', bookingsConfirm, {
      input: withIdempotencyKey,
      doc: {
        parameters: [idempotencyHeader],
        responses: {
          200: jsonResponse('{booking}: confirmed, with its tickets.', object),
          ...signedIn,
          403: errorRef('Forbidden'),
          409: errorRef('Conflict'),
          410: errorRef('Gone'),
          422: errorRef('Unprocessable'),
        },
      },
    }),
    methodRoute('post', '/bookings/:id/cancel', bookingsCancel, {
      doc: {
        responses: {
          200: jsonResponse('{booking}: cancelled; seats free, tickets void.', object),
          ...signedIn,
          403: errorRef('Forbidden'),
          409: errorRef('Conflict'),
        },
      },
    }),
    methodRoute('get', '/bookings', bookingsList, {
      doc: { responses: { 200: jsonResponse('{bookings, page, total}', object), ...signedIn } },
    }),
    methodRoute('post', '/coupons', couponsCreate, {
      status: 201,
      doc: {
        responses: {
          201: jsonResponse('{coupon}', object),
          ...signedIn,
          403: errorRef('Forbidden'),
        },
      },
    }),
    methodRoute('get', '/coupons', couponsList, {
      doc: {
        responses: {
          200: jsonResponse('{coupons}', object),
          ...signedIn,
          403: errorRef('Forbidden'),
        },
      },
    }),
    methodRoute('put', '/coupons/:id/active', couponsSetActive, {
      doc: {
        responses: {
          200: jsonResponse('{coupon}', object),
          ...signedIn,
          403: errorRef('Forbidden'),
        },
      },
    }),
    methodRoute('get', '/tickets/:code', ticketsGet, {
      doc: {
        responses: {
          200: jsonResponse('{ticket, event, qr_code}', object),
          400: errorRef('BadRequest'),
          404: errorRef('NotFound'),
        },
      },
    }),
    methodRoute('get', '/bookings/:id', bookingsGet, {
      doc: { responses: { 200: jsonResponse('{booking} with its tickets.', object), ...signedIn } },
    }),
  ];
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A retry with the same key gets the first answer; another body is IDEMPOTENCY_MISMATCH.',
  schema: { type: 'string', maxLength: 255 },
};

/** The body and path, with the Idempotency-Key header as the methods' idempotency_key. */
function withIdempotencyKey(req: Request): unknown {
  const key = req.get('Idempotency-Key');
  return { ...(req.body as object), ...req.params, ...(key ? { idempotency_key: key } : {}) };
}
