import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';

type Response = ServerResponse & { locals: { cspNonce?: string } };

/**
 * Security headers. Scripts run only when they carry this response's nonce (and what
 * those scripts load, via 'strict-dynamic'); inline event handlers never run
 * (script-src-attr 'none'). Views add `nonce="<%= cspNonce %>"` to every script tag.
 */
export function securityHeaders(config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>): RequestHandler[] {
  const https = config.PUBLIC_URL.startsWith('https:');
  const setNonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const nonce = (_req: IncomingMessage, res: ServerResponse) =>
    `'nonce-${(res as Response).locals.cspNonce}'`;
  return [
    setNonce,
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", nonce, "'strict-dynamic'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https && config.NODE_ENV === 'production',
    }),
  ];
}
