import type { RequestHandler } from 'express';
import { eventPageKey, VisitorPages, visitorPages } from './visitor-pages.js';

const EVENT_PAGE = /^\/events\/([^/?]+)$/;

/**
 * In an on-sale rush most requests are visitors loading the event page. A visitor's
 * (no cookie: nothing of theirs can be on it) GET of an event page kept fresh in this
 * process is answered here, before the rest of the middleware, with the security headers
 * and its own CSP nonce. These answers are not in the request log. Anything else, and a
 * page not kept or stale, goes on to the page route, which keeps it again.
 */
export function knownPages(securityHeaders: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const id =
      req.method === 'GET' && !req.headers.cookie ? EVENT_PAGE.exec(req.url)?.[1] : undefined;
    const key = id && eventPageKey(id);
    const kept = key && visitorPages.fresh(key);
    if (!kept) return next();
    VisitorPages.sendEarly(req, res, kept, securityHeaders);
  };
}
