import type { Request } from 'express';
import { bookingRulesOf } from '../core/config.js';
import type { MethodContext } from '../methods/context.js';
import type { Actor, Transport } from '../shared/types.js';
import { httpAuthPort } from './authenticate.js';
import { servicesOf } from './services.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by `authenticate`; null for visitors. */
    actor?: Actor | null;
  }
}

export function contextFromRequest(
  req: Request,
  transport: Extract<Transport, 'http' | 'page'>,
): MethodContext {
  const { secrets, realtime, config, setupToken } = servicesOf(req);
  return {
    actor: req.actor ?? null,
    requestId: String(req.id),
    transport,
    ip: req.ip,
    device: String(req.headers['user-agent'] ?? 'unknown'),
    log: req.log,
    auth: httpAuthPort(req),
    secrets,
    realtime,
    setupToken,
    rules: bookingRulesOf(config),
  };
}
