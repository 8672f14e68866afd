import type { ParamSchema } from 'express-validator';

// Input rules the booking methods share (they may not import each other).

export const bookingId: ParamSchema = { isUUID: { errorMessage: 'must be a booking id' } };

export const version: ParamSchema = {
  optional: true,
  isInt: { options: { min: 1 }, errorMessage: 'must be the version you last saw' },
  toInt: true,
};

/** Idempotency-Key (a header over HTTP, a field over a socket). */
export const idempotencyKey: ParamSchema = {
  optional: true,
  isString: true,
  isLength: { options: { min: 1, max: 255 }, errorMessage: 'must be 1 to 255 characters' },
};
