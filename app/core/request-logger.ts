import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Logger } from './logger.js';

// A caller's own X-Request-Id is kept when it looks like an id, so a trace can span
// a proxy and Seats; anything else gets a fresh UUID.
const REQUEST_ID = /^[\w.:-]{8,128}$/;

// A ticket's code is its entry: 26 characters of Crockford's base32 (models/codes.ts).
// Logs keep the first four, enough to tell requests apart, wherever the code appears.
const TICKET_CODE = /([0-9A-HJKMNP-TV-Z]{4})[0-9A-HJKMNP-TV-Z]{22}(?![0-9A-HJKMNP-TV-Z])/gi;

// One-time codes sent in a query (a DELETE re-authenticating with `code`) are not logged.
const CODE_PARAM = /([?&]code=)[^&#]*/gi;

/**
 * A request's URL as the log keeps it: ticket codes and one-time codes masked, also when
 * they were percent-encoded (the URL is decoded first, where it can be).
 */
export function loggedUrl(url: string): string {
  // Escape by escape, so one that is not valid UTF-8 (`?x=%`) cannot leave the rest as it came.
  const decoded = url.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return decoded.replace(TICKET_CODE, '$1…').replace(CODE_PARAM, '$1…');
}

/** Logs every request with its id and status, and echoes the id as X-Request-Id. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url?.startsWith('/socket.io/') ?? false },
  });
}
