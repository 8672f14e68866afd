import type { Logger } from '../core/logger.js';
import type { Actor, Transport } from '../shared/types.js';

/** What every method learns about its caller, whichever transport it came through. */
export interface MethodContext {
  actor: Actor | null;
  requestId: string;
  transport: Transport;
  ip: string | undefined;
  log: Logger;
}
