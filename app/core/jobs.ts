import type { Logger } from './logger.js';

/**
 * Runs `work` every `intervalMs`, one run at a time; a failed run is logged and the next
 * one still comes. `stop()` cancels the next run and waits for the one in progress.
 */
export function startPeriodicJob(
  name: string,
  intervalMs: number,
  work: () => Promise<void>,
  logger: Logger,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = work()
        .catch((error: unknown) => logger.error({ err: error, job: name }, `${name} failed`))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
