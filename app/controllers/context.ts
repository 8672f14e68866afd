import type { Request } from 'express';
import type { MethodContext } from '../methods/context.js';
import type { Actor, Transport } from '../shared/types.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by authentication middleware; absent for visitors. */
    actor?: Actor | null;
  }
}

export function contextFromRequest(
  req: Request,
  transport: Extract<Transport, 'http' | 'page'>,
): MethodContext {
  return {
    actor: req.actor ?? null,
    requestId: String(req.id),
    transport,
    ip: req.ip,
    log: req.log,
  };
}
