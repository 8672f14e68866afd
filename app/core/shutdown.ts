import type { Logger } from './logger.js';

export interface Stop {
  (reason: string, code?: number): void;
  /** True once a stop has begun. */
  readonly stopping: boolean;
}

/**
 * Runs `shutdown` once on SIGTERM or SIGINT (or when the returned `stop` is called),
 * then exits. A second signal, or a shutdown that outlasts `timeoutMs` by five seconds,
 * exits at once with a failure code.
 */
export function exitOnSignals(
  logger: Logger,
  timeoutMs: number,
  shutdown: (reason: string) => Promise<void>,
): Stop {
  let stopping = false;
  const stop = (reason: string, code = 0) => {
    if (stopping) {
      if (reason.startsWith('SIG')) {
        logger.warn({ reason }, 'second stop request: exiting now');
        process.exit(1);
      }
      return;
    }
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs + 5_000).unref();
    shutdown(reason).then(
      () => {
        logger.info('shutdown complete');
        process.exit(code);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return Object.defineProperty(stop, 'stopping', { get: () => stopping }) as Stop;
}
