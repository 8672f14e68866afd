import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, errorBody, toAppError } from '../core/errors.js';
import { loggedUrl } from '../core/request-logger.js';
import { safeNext } from './pages/forms.js';
import { renderPage } from './pages/render.js';

/** The fallback of a router: no route matched. */
export function notFound(what: string): RequestHandler {
  return (req, _res, next) =>
    next(
      new AppError(
        'NOT_FOUND',
        `${what} ${req.method} ${loggedUrl(req.originalUrl.split('?')[0]!)} does not exist.`,
      ),
    );
}

function wantsJson(req: Request): boolean {
  return /^\/api(\/|\?|$)/.test(req.originalUrl) || req.accepts(['html', 'json']) === 'json';
}

/**
 * The one error renderer: JSON (docs/api.md, Error codes) for the API and for clients that ask for it,
 * the styled error page for everyone else. Internal errors are logged with the request
 * id, and the client sees only the code, a generic message and that id.
 */
export const errorHandler: ErrorRequestHandler = (raw, req, res, next) => {
  const error = toAppError(raw);
  if (error.status >= 500) req.log.error({ err: raw, code: error.code }, 'request failed');
  else req.log.info({ code: error.code, details: error.details }, error.message);
  if (res.headersSent) return next(raw);

  res.setHeader('Cache-Control', 'no-store');
  if (error.code === 'UNAUTHENTICATED' && !wantsJson(req)) {
    // safeNext never answers a sign-in page, so this never sends /login to /login.
    const next = req.method === 'GET' ? safeNext(req.originalUrl) : '/account';
    res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
    return;
  }
  if (wantsJson(req)) {
    res.status(error.status).json(errorBody(error, String(req.id)));
    return;
  }
  renderPage(
    res,
    'error',
    {
      title: error.status === 404 ? 'Page not found' : 'Something went wrong',
      status: error.status,
      code: error.code,
      message: error.status === 404 ? 'We could not find that page.' : error.message,
      requestId: error.code === 'INTERNAL' ? String(req.id) : null,
    },
    error.status,
    (renderError) => {
      // The error page itself failed: answer in plain text, still without internals.
      req.log.error({ err: renderError }, 'error page failed to render');
      res
        .status(error.status)
        .type('text/plain')
        .send(`${error.message}\nRequest id: ${String(req.id)}\n`);
    },
  );
};
