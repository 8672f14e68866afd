import cookieParser from 'cookie-parser';
import express, { type RequestHandler, type Router } from 'express';
import { toAppError } from '../../core/errors.js';
import { invokeMethod } from '../../methods/invoke.js';
import pingMethod from '../../methods/system/ping.js';
import type { MethodRegistry } from '../../methods/registry.js';
import { contextFromRequest } from '../context.js';
import { renderPage, type FlashMessage } from './render.js';
import { accountPages } from './account.js';
import { adminPages } from './admin.js';
import { adminCouponPages } from './admin-coupons.js';
import { adminEventPages } from './admin-events.js';
import { adminVenuePages } from './admin-venues.js';
import { authPages } from './auth.js';
import { bookingPages } from './booking.js';
import { catalogPages } from './catalog.js';
import { pageLocals } from './forms.js';

/** The page adapter: each page turns a request into method calls and renders a view. */
export function pagesRouter(registry: MethodRegistry): Router {
  const router = express.Router();
  const ping = registry.registered(pingMethod);
  router.use(cookieParser(), pageLocals);

  // A plain GET form, so it works without JavaScript; reading only, so no CSRF token.
  router.get('/ping', async (req, res) => {
    const asked = typeof req.query.echo === 'string';
    if (!asked)
      return renderPage(res, 'ping', { title: 'Server check', echo: '', result: null, errors: {} });
    try {
      const result = await invokeMethod(ping, contextFromRequest(req, 'page'), {
        echo: req.query.echo,
      });
      const flash: FlashMessage[] = [
        { kind: 'success', text: `The server answered at ${result.server_time}.` },
      ];
      renderPage(res, 'ping', {
        title: 'Server check',
        echo: result.echo ?? '',
        result,
        errors: {},
        flash,
      });
    } catch (raw) {
      const error = toAppError(raw);
      if (error.code !== 'VALIDATION_FAILED') throw raw;
      const flash: FlashMessage[] = [{ kind: 'error', text: error.message }];
      renderPage(
        res,
        'ping',
        { title: 'Server check', echo: req.query.echo, result: null, errors: error.details, flash },
        400,
      );
    }
  });

  router.use(
    catalogPages(registry),
    bookingPages(registry),
    authPages(registry),
    accountPages(registry),
    adminPages(registry),
    adminVenuePages(registry),
    adminEventPages(registry),
    adminCouponPages(registry),
  );
  return router;
}

/** The API reference page; mounted before the JSON API, whose 404 would take its path. */
export const apiDocsPage: RequestHandler[] = [
  cookieParser(),
  pageLocals,
  (_req, res) =>
    renderPage(res, 'api-docs', {
      title: 'API reference',
      styles: ['/vendor/swagger-ui/swagger-ui.css'],
    }),
];
