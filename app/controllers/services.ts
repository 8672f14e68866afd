import type { Express, Request } from 'express';
import type { Config } from '../core/config.js';
import type { Drain } from '../core/drain.js';
import type { RealtimeHub } from '../core/realtime-hub.js';
import type { Secrets } from '../core/secrets.js';
import type { SetupToken } from '../core/setup-token.js';

/** What the adapters hand to every method context, kept on the Express app. */
export interface Services {
  config: Config;
  secrets: Secrets;
  realtime: RealtimeHub;
  /** Opens the first-admin set-up while there is no admin. */
  setupToken: SetupToken;
  /** Whether this node is stopping (health answers 503 meanwhile). */
  drain: Drain;
}

export function provideServices(app: Express, services: Services): void {
  app.locals.services = services;
}

export function servicesOf(req: Request): Services {
  return req.app.locals.services as Services;
}
