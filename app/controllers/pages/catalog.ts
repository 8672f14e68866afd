import express, { type Request, type Response, type Router } from 'express';
import { AppError, toAppError } from '../../core/errors.js';
import { formatMoney } from '../../shared/format.js';
import { cachedFragment, renderFragment } from './fragments.js';
import eventsGet from '../../methods/events/get.js';
import eventsList from '../../methods/events/list.js';
import eventsSeats from '../../methods/events/seats.js';
import holdsGet from '../../methods/holds/get.js';
import type { MethodRegistry } from '../../methods/registry.js';
import venuesList from '../../methods/venues/list.js';
import { servicesOf } from '../services.js';
import { call } from './forms.js';
import { pageHtml, renderPage } from './render.js';
import { eventPageKey, VisitorPages, visitorPages } from './visitor-pages.js';

/** Up to this many seats, each is drawn with its label and focus on the server. */
const RICH_SEATS_MAX = 250;

interface EventShape {
  id: number;
  title: string;
  status: string;
  venue: { id: number; timezone: string; address: string };
  prices: Array<{ section_id: number; price_cents: number; currency: string }>;
}
interface SeatMapShape {
  seats: Array<{ id: number; section_id: number; status: string }>;
  sections: Array<{ id: number; name: string; kind: string; capacity: number; available: number }>;
}
interface HoldShape {
  seat_ids: number[];
}

/** The public catalog: upcoming events on `/`, and each event with its seat map. */
export function catalogPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const list = registry.registered(eventsList);
  const get = registry.registered(eventsGet);
  const seatsOf = registry.registered(eventsSeats);
  const holdOf = registry.registered(holdsGet);
  const venues = registry.registered(venuesList);

  router.get('/', async (req, res) => {
    const query = {
      q: typeof req.query.q === 'string' ? req.query.q : '',
      from: typeof req.query.from === 'string' ? req.query.from : '',
      to: typeof req.query.to === 'string' ? req.query.to : '',
      venue: typeof req.query.venue === 'string' ? req.query.venue : '',
      page: typeof req.query.page === 'string' ? req.query.page : '1',
    };
    const input = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
    const { venues: venueList } = (await call(req, venues, {})) as {
      venues: Array<{ id: number; name: string; timezone: string }>;
    };
    try {
      const result = await call(req, list, input);
      renderPage(res, 'home', { title: 'Seats', query, venues: venueList, ...result, errors: {} });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'VALIDATION_FAILED') throw raw;
      renderPage(
        res,
        'home',
        {
          title: 'Seats',
          query,
          venues: venueList,
          events: [],
          page: 1,
          total: 0,
          page_size: 12,
          errors: error.details ?? {},
          flash: [{ kind: 'error', text: 'Check the search fields.' }],
        },
        400,
      );
    }
  });

  /** The event, its map and the caller's hold, as the event page and its section pages show them. */
  async function eventView(req: Request) {
    const { event } = (await call(req, get, { id: req.params.id })) as { event: EventShape };
    const map = (await call(req, seatsOf, { id: event.id })) as SeatMapShape;
    const { hold } = req.actor
      ? ((await call(req, holdOf, { event_id: event.id })) as { hold: HoldShape | null })
      : { hold: null };
    const holdMinutes = Math.round(servicesOf(req).config.HOLD_TTL_SECONDS / 60);
    return { event, map, hold, holdMinutes };
  }

  router.get('/events/:id', async (req, res) => {
    const key = eventPageKey(req.params.id);
    if (VisitorPages.serves(req, res) && key)
      return visitorPages.send(req, res, key, (nonce) => eventPage(req, res, nonce));
    renderPage(res, 'event', await eventPageLocals(req));
  });

  /** A visitor's event page, kept for others too: it must hold nothing of this request. */
  async function eventPage(req: Request, res: Response, cspNonce: string): Promise<string> {
    return pageHtml(res, 'event', {
      ...(await eventPageLocals(req)),
      cspNonce,
      csrfToken: () => {
        throw new Error('a page kept for every visitor cannot carry a form token');
      },
    });
  }

  async function eventPageLocals(req: Request) {
    const { event, map, hold, holdMinutes } = await eventView(req);
    const forBuyer = !!req.actor && event.status === 'published';
    const locals = {
      seats: map.seats,
      sections: map.sections,
      prices: event.prices,
      hold,
      forBuyer,
      richSeatsMax: RICH_SEATS_MAX,
    };
    // A small hall draws the caller's own seats as theirs, so its map with a hold is drawn
    // for them; a large one draws bare circles by state alone (the page's script marks the
    // hold's), the same for every buyer.
    const compact = map.seats.length > RICH_SEATS_MAX;
    const seatMapHtml =
      hold && !compact
        ? await renderFragment(req.app, 'partials/seat-map', locals)
        : await cachedFragment(
            req.app,
            map,
            `${forBuyer}:${JSON.stringify(event.prices)}`,
            'partials/seat-map',
            // Kept for every buyer: nothing of this one's.
            { ...locals, hold: null },
          );
    return {
      title: event.title,
      event,
      ...map,
      hold,
      holdMinutes,
      seatMapHtml,
      compact,
    };
  }

  // Without JavaScript, a large hall's seats are chosen a section at a time.
  router.get('/events/:id/sections/:sectionId', async (req, res) => {
    const { event, map, hold, holdMinutes } = await eventView(req);
    const section = map.sections.find(
      (item) => String(item.id) === req.params.sectionId && item.kind === 'seated',
    );
    if (!section) throw new AppError('NOT_FOUND', 'No such section.');
    const price = event.prices.find((item) => item.section_id === section.id);
    renderPage(res, 'event-section', {
      title: `${section.name} · ${event.title}`,
      event,
      section,
      seats: map.seats,
      hold,
      holdMinutes,
      price: price ? formatMoney(price.price_cents, price.currency) : 'no price',
    });
  });

  return router;
}
