import express, { type Request, type Response, type Router } from 'express';
import { toAppError, type AppError } from '../../core/errors.js';
import { qrDataUrl } from '../../core/qr.js';
import bookingsCancel from '../../methods/bookings/cancel.js';
import bookingsConfirm from '../../methods/bookings/confirm.js';
import bookingsCreate from '../../methods/bookings/create.js';
import bookingsGet from '../../methods/bookings/get.js';
import bookingsList from '../../methods/bookings/list.js';
import eventsGet from '../../methods/events/get.js';
import holdsExtend from '../../methods/holds/extend.js';
import type { MethodRegistry } from '../../methods/registry.js';
import seatsHold from '../../methods/seats/hold.js';
import seatsRelease from '../../methods/seats/release.js';
import ticketsGet from '../../methods/tickets/get.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import { call, fieldList, fieldText, formPost, redirectWith } from './forms.js';
import { renderForm, renderPage } from './render.js';

// Problems a booking form shows to the buyer; anything else goes to the error page.
const SHOWN = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'SEATS_UNAVAILABLE',
  'HOLD_LIMIT_EXCEEDED',
  'HOLD_EXPIRED',
  'BOOKING_EXPIRED',
  'EVENT_NOT_ON_SALE',
  'INVALID_STATE',
  'PAYMENT_DECLINED',
  'VERSION_CONFLICT',
  'FORBIDDEN',
]);

type Body = Record<string, unknown>;
/** The event page a form came from (its event_id field), or the bookings list. */
const eventPage = (body: Body, hash = '') =>
  Number.isInteger(Number(body.event_id)) && Number(body.event_id) > 0
    ? `/events/${Number(body.event_id)}${hash}`
    : '/bookings';

/** What went wrong, in the buyer's words, for a flash message. */
function explain(error: AppError): string {
  const details = error.details as { seat_ids?: number[]; available?: number } | undefined;
  if (error.code === 'SEATS_UNAVAILABLE' && details?.seat_ids)
    return `${error.message} Pick other seats.`;
  return error.message;
}

/**
 * The buying pages, which work as plain forms: hold seats from the event page, check out
 * a hold (coupon, card), the confirmation with its tickets, your bookings, a ticket.
 */
export function bookingPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const m = {
    hold: registry.registered(seatsHold),
    release: registry.registered(seatsRelease),
    extend: registry.registered(holdsExtend),
    create: registry.registered(bookingsCreate),
    confirm: registry.registered(bookingsConfirm),
    cancel: registry.registered(bookingsCancel),
    get: registry.registered(bookingsGet),
    list: registry.registered(bookingsList),
    ticket: registry.registered(ticketsGet),
    event: registry.registered(eventsGet),
  };

  /** Runs a form's calls; an expected problem goes back to `back` as a message. */
  async function attempt(req: Request, res: Response, back: string, work: () => Promise<string>) {
    try {
      const to = await work();
      res.redirect(303, to);
    } catch (raw) {
      const error = toAppError(raw);
      if (!SHOWN.has(error.code)) throw raw;
      redirectWith(req, res, back, { kind: 'error', text: explain(error) });
    }
  }

  formPost(router, '/events/:id/hold', (req, res) => {
    const back = `/events/${req.params.id}`;
    return attempt(req, res, back, async () => {
      const body = req.body as Body;
      const seatIds = fieldList(body.seat_ids);
      const sections = Object.entries(body).flatMap(([field, value]) => {
        const section = /^section_(\d+)$/.exec(field)?.[1];
        return section && Number(value) > 0 ? [{ section_id: section, quantity: value }] : [];
      });
      // One call: the seats and the standing places are held together or not at all.
      await call(req, m.hold, {
        event_id: req.params.id,
        ...(seatIds.length ? { seat_ids: seatIds } : {}),
        ...(sections.length ? { sections } : {}),
      });
      return `${back}#your-hold`;
    });
  });

  formPost(router, '/holds/:id/release', (req, res) => {
    const back = eventPage(req.body as Body);
    return attempt(req, res, back, async () => {
      const seatIds = fieldList((req.body as Body).seat_ids);
      await call(req, m.release, {
        hold_id: req.params.id,
        ...(seatIds.length ? { seat_ids: seatIds } : {}),
      });
      return back;
    });
  });

  formPost(router, '/holds/:id/extend', (req, res) => {
    const back = eventPage(req.body as Body, '#your-hold');
    return attempt(req, res, back, async () => {
      await call(req, m.extend, { hold_id: req.params.id });
      return back;
    });
  });

  formPost(router, '/holds/:id/book', (req, res) => {
    const back = eventPage(req.body as Body, '#your-hold');
    return attempt(req, res, back, async () => {
      const coupon = fieldText((req.body as Body).coupon).trim();
      const { booking } = (await call(req, m.create, {
        hold_id: req.params.id,
        ...(coupon ? { coupon } : {}),
      })) as { booking: { id: string } };
      return `/checkout/${booking.id}`;
    });
  });

  async function renderCheckout(req: Request, res: Response, error?: AppError) {
    const { booking } = (await call(req, m.get, { id: req.params.id })) as {
      booking: { status: string; event_id: number };
    };
    if (booking.status !== 'pending' && !error)
      return res.redirect(303, `/bookings/${req.params.id}`);
    const { event } = (await call(req, m.event, { id: booking.event_id })) as { event: Body };
    renderForm(res, 'checkout', { title: 'Checkout', booking, event }, error);
  }

  router.get('/checkout/:id', (req, res) => renderCheckout(req, res));

  formPost(router, '/checkout/:id', async (req, res) => {
    const body = req.body as Body;
    try {
      await call(req, m.confirm, {
        id: req.params.id,
        version: body.version,
        payment:
          body.provider === 'box_office'
            ? { provider: 'box_office', method: body.method }
            : { provider: 'test', card_number: body.card_number },
      });
      redirectWith(req, res, `/bookings/${req.params.id}`, {
        kind: 'success',
        text: 'Paid. Your tickets are below; show their QR codes at the door.',
      });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code === 'BOOKING_EXPIRED' || error.code === 'INVALID_STATE')
        return redirectWith(req, res, `/bookings/${req.params.id}`, {
          kind: 'error',
          text: error.message,
        });
      if (!SHOWN.has(error.code)) throw raw;
      await renderCheckout(req, res, error);
    }
  });

  router.get('/bookings', async (req, res) => {
    const result = await call(req, m.list, { page: req.query.page ?? 1 });
    renderPage(res, 'bookings', { title: 'Your bookings', ...result });
  });

  router.get('/bookings/:id', async (req, res) => {
    const { booking } = (await call(req, m.get, { id: req.params.id })) as {
      booking: { event_id: number; tickets: Array<{ code: string; status: string }> };
    };
    const { event } = (await call(req, m.event, { id: booking.event_id })) as { event: Body };
    const qr: Record<string, string> = {};
    for (const ticket of booking.tickets.filter((item) => item.status === 'valid'))
      qr[ticket.code] = await qrDataUrl(ticket.code);
    renderPage(res, 'booking', {
      title: `Booking ${String((booking as Body).code)}`,
      booking,
      event,
      qr,
    });
  });

  formPost(router, '/bookings/:id/cancel', (req, res) =>
    attempt(req, res, `/bookings/${req.params.id}`, async () => {
      await call(req, m.cancel, { id: req.params.id, version: (req.body as Body).version });
      return `/bookings/${req.params.id}`;
    }),
  );

  router.get('/tickets/:code', async (req, res) => {
    const result = (await call(req, m.ticket, { code: req.params.code })) as {
      event: { title: string };
    };
    renderPage(res, 'ticket', { title: `Ticket: ${result.event.title}`, ...result });
  });

  return router;
}
