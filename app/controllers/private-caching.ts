import type { RequestHandler } from 'express';

/**
 * Answers depend on who asks, so caches must key on the cookie and the token, and keep
 * no signed-in answer for others (`private`) nor reuse it unchecked (`no-cache`).
 * Methods whose answers carry a secret, a code or a ticket say `noStore`, and their
 * transports answer `no-store` instead.
 */
export const privateCaching: RequestHandler = (req, res, next) => {
  res.vary('Cookie');
  res.vary('Authorization');
  if (req.actor) res.set('Cache-Control', 'private, no-cache');
  next();
};
