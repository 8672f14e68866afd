import express, { type Router } from 'express';
import { toAppError } from '../../core/errors.js';
import eventsGet from '../../methods/events/get.js';
import eventsList from '../../methods/events/list.js';
import eventsSeats from '../../methods/events/seats.js';
import holdsGet from '../../methods/holds/get.js';
import type { MethodRegistry } from '../../methods/registry.js';
import venuesList from '../../methods/venues/list.js';
import { servicesOf } from '../services.js';
import { call } from './forms.js';
import { renderPage } from './render.js';

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

  router.get('/events/:id', async (req, res) => {
    const { event } = (await call(req, get, { id: req.params.id })) as {
      event: {
        id: number;
        title: string;
        venue: { id: number; timezone: string; address: string };
      };
    };
    const map = (await call(req, seatsOf, { id: event.id })) as object;
    const { hold } = req.actor
      ? ((await call(req, holdOf, { event_id: event.id })) as { hold: unknown })
      : { hold: null };
    const holdMinutes = Math.round(servicesOf(req).config.HOLD_TTL_SECONDS / 60);
    renderPage(res, 'event', { title: event.title, event, ...map, hold, holdMinutes });
  });

  return router;
}
