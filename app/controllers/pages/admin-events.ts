import express, { type Request, type Response, type Router } from 'express';
import { toAppError, type AppError } from '../../core/errors.js';
import eventsCancel from '../../methods/events/cancel.js';
import eventsCreate from '../../methods/events/create.js';
import eventsCreateSeries from '../../methods/events/create-series.js';
import eventsGetManaged from '../../methods/events/get-managed.js';
import eventsListManaged from '../../methods/events/list-managed.js';
import eventsPublish from '../../methods/events/publish.js';
import eventsUpdate from '../../methods/events/update.js';
import hallsGet from '../../methods/halls/get.js';
import type { MethodRegistry } from '../../methods/registry.js';
import venuesGetManaged from '../../methods/venues/get-managed.js';
import venuesListManaged from '../../methods/venues/list-managed.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import {
  eventInputFromForm,
  formErrors,
  formFromEvent,
  showingsFromForm,
  type FormSection,
} from './event-form.js';
import { call, formPost, redirectWith } from './forms.js';
import { renderForm, renderPage } from './render.js';

// Problems the form shows next to its fields; anything else goes to the error page.
const SHOWN = new Set<ErrorCode>(['VALIDATION_FAILED', 'INVALID_STATE', 'FORBIDDEN', 'NOT_FOUND']);
const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'];

type Body = Record<string, unknown>;
interface Hall {
  id: number;
  name: string;
  venue_id: number;
  sections: Array<FormSection & { kind: string; capacity: number }>;
}
interface Venue {
  id: number;
  name: string;
  timezone: string;
}
interface ManagedEvent {
  id: number;
  title: string;
  status: string;
  venue: Venue;
  hall: { id: number; name: string };
  [field: string]: unknown;
}

/** /admin/events: the events one manages; creating, editing, publishing and cancelling them. */
export function adminEventPages(registry: MethodRegistry): Router {
  const router = express.Router();
  const m = {
    list: registry.registered(eventsListManaged),
    get: registry.registered(eventsGetManaged),
    create: registry.registered(eventsCreate),
    createSeries: registry.registered(eventsCreateSeries),
    update: registry.registered(eventsUpdate),
    publish: registry.registered(eventsPublish),
    cancel: registry.registered(eventsCancel),
    venues: registry.registered(venuesListManaged),
    venue: registry.registered(venuesGetManaged),
    hall: registry.registered(hallsGet),
  };

  router.get('/admin/events', async (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : '';
    const result = await call(req, m.list, {
      ...(status ? { status } : {}),
      page: req.query.page ?? 1,
    });
    renderPage(res, 'admin/events', { title: 'Your events', status, ...result });
  });

  /** The hall an event goes in, with its venue (the caller must manage it). */
  async function hallAndVenue(req: Request, hallId: unknown) {
    const { hall } = (await call(req, m.hall, { id: hallId })) as { hall: Hall };
    const { venue } = (await call(req, m.venue, { id: hall.venue_id })) as { venue: Venue };
    return { hall, venue };
  }

  function renderEventForm(
    res: Response,
    locals: {
      hall: Hall;
      venue: Venue;
      event: ManagedEvent | null;
      form: Body;
      availability?: unknown;
    },
    error?: AppError,
  ) {
    const errors = error
      ? formErrors((error.details ?? {}) as Record<string, string>, pricesOf(locals))
      : {};
    renderForm(
      res,
      'admin/event',
      {
        title: locals.event ? locals.event.title : 'New event',
        availability: null,
        ...locals,
        currencies: CURRENCIES,
      },
      error,
      errors,
    );
  }

  const pricesOf = (locals: { hall: Hall; venue: Venue; form: Body }) =>
    eventInputFromForm(locals.form, locals.hall.sections, locals.venue.timezone).prices;

  router.get('/admin/events/new', async (req, res) => {
    if (!req.query.hall) {
      const { venues } = (await call(req, m.venues, {})) as { venues: unknown[] };
      return renderPage(res, 'admin/event-hall', { title: 'New event: choose a hall', venues });
    }
    const { hall, venue } = await hallAndVenue(req, req.query.hall);
    renderEventForm(res, {
      hall,
      venue,
      event: null,
      form: { max_per_order: '10', currency: 'EUR' },
    });
  });

  /** Runs a form's method call; on a problem the form shows, renders it again with the errors. */
  async function submitForm(
    req: Request,
    res: Response,
    action: () => Promise<void>,
    again: () => Promise<{ hall: Hall; venue: Venue; event: ManagedEvent | null }>,
  ) {
    try {
      await action();
    } catch (raw) {
      const error = toAppError(raw);
      if (!SHOWN.has(error.code)) throw raw;
      renderEventForm(res, { ...(await again()), form: req.body as Body }, error);
    }
  }

  formPost(
    router,
    '/admin/events',
    async (req, res) => {
      const body = req.body as Body;
      const context = await hallAndVenue(req, body.hall_id);
      await submitForm(
        req,
        res,
        async () => {
          const input = {
            hall_id: context.hall.id,
            ...eventInputFromForm(body, context.hall.sections, context.venue.timezone),
          };
          const showings = showingsFromForm(body, input, context.venue.timezone);
          if (showings) {
            const { events } = (await call(req, m.createSeries, { ...input, showings })) as {
              events: unknown[];
            };
            return redirectWith(req, res, '/admin/events?status=draft', {
              kind: 'success',
              text: `${events.length} showings are saved as drafts. Publish each when it is ready.`,
            });
          }
          const { event } = (await call(req, m.create, input)) as { event: { id: number } };
          redirectWith(req, res, `/admin/events/${event.id}`, {
            kind: 'success',
            text: 'The draft is saved. Check it, then publish it to put it on sale.',
          });
        },
        async () => ({ ...context, event: null }),
      );
    },
    { large: true },
  );

  async function managed(req: Request) {
    const found = (await call(req, m.get, { id: req.params.id })) as {
      event: ManagedEvent;
      hall: Hall;
      availability: unknown;
    };
    return { ...found, venue: found.event.venue };
  }

  router.get('/admin/events/:id', async (req, res) => {
    const found = await managed(req);
    renderEventForm(res, {
      ...found,
      form: formFromEvent(found.event as never, found.venue.timezone),
    });
  });

  formPost(
    router,
    '/admin/events/:id',
    async (req, res) => {
      const found = await managed(req);
      await submitForm(
        req,
        res,
        async () => {
          await call(req, m.update, {
            id: found.event.id,
            ...eventInputFromForm(req.body as Body, found.hall.sections, found.venue.timezone, {
              clearing: true,
            }),
          });
          redirectWith(req, res, `/admin/events/${found.event.id}`, {
            kind: 'success',
            text: 'The event is saved.',
          });
        },
        async () => found,
      );
    },
    { large: true },
  );

  for (const [action, method, done] of [
    ['publish', m.publish, 'is on sale now'],
    ['cancel', m.cancel, 'is cancelled'],
  ] as const) {
    formPost(router, `/admin/events/:id/${action}`, async (req, res) => {
      const back = `/admin/events/${req.params.id}`;
      try {
        const { event } = (await call(req, method, { id: req.params.id })) as {
          event: { title: string };
        };
        redirectWith(req, res, back, { kind: 'success', text: `${event.title} ${done}.` });
      } catch (raw) {
        const error = toAppError(raw);
        const badId = error.code === 'VALIDATION_FAILED' && error.details && 'id' in error.details;
        if ((error.code !== 'VALIDATION_FAILED' && error.code !== 'INVALID_STATE') || badId)
          throw raw;
        const details = Object.values(error.details ?? {}).join('; ');
        redirectWith(req, res, back, {
          kind: 'error',
          text: details ? `${error.message} (${details})` : error.message,
        });
      }
    });
  }

  return router;
}
