import type { RequestHandler } from 'express';
import { knownPublicSeatMap } from '../../methods/events/seats.js';
import { SEAT_MAP_HEADERS } from './catalog.js';
import { answerKnown } from './route.js';

const SEAT_MAP = /^\/api\/events\/([1-9]\d{0,9})\/seats$/;

/**
 * In an on-sale rush every visitor reads the seat map, and revalidates it many times a
 * second. A visitor's read (no cookie, no token, no Origin: the same answer for
 * everyone) of a map this process knows now is answered here, before the rest of the
 * middleware, with no query: 304 when its ETag matches (no body; the headers the 200
 * carried stay in force for the cached copy, RFC 9111 §4.3.4), else the map with the
 * security headers. These answers are not in the request log, as socket.io's polling is
 * not. Anything else goes on to the route, which answers the same, only slower.
 */
export function knownSeatMaps(securityHeaders: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const id = req.method === 'GET' ? SEAT_MAP.exec(req.url)?.[1] : undefined;
    if (!id || req.headers.cookie || req.headers.authorization || req.headers.origin) return next();
    const map = knownPublicSeatMap(Number(id));
    if (!map) return next();
    answerKnown(req, res, map, securityHeaders, SEAT_MAP_HEADERS);
  };
}
