import type { Request, RequestHandler, Response } from 'express';

/**
 * Runs middleware in turn outside a router (the security headers of an answer given
 * before the router), then `done`. A handler's error ends the answer with a bare 500:
 * these handlers only set headers, and fail only on a bug.
 */
export function runHandlers(
  req: Request,
  res: Response,
  handlers: RequestHandler[],
  done: () => void,
): void {
  const run = (index: number): void => {
    const handler = handlers[index];
    if (!handler) return done();
    void handler(req, res, (error?: unknown) => (error ? res.status(500).end() : run(index + 1)));
  };
  run(0);
}
