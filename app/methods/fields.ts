import type { ParamSchema } from 'express-validator';
import { ROLES } from '../shared/types.js';

// Input fields several methods share, so a rule is written once.

export const username: ParamSchema = {
  isString: { errorMessage: 'is required', bail: true },
  trim: true,
  toLowerCase: true,
  matches: {
    options: /^[a-z0-9_.-]{3,32}$/,
    errorMessage: 'must be 3 to 32 characters of a-z, 0-9, "_", "." and "-"',
  },
};

export const totpCode: ParamSchema = {
  isString: { errorMessage: 'is required', bail: true },
  customSanitizer: { options: (value: string) => value.replace(/\s/g, '') },
  matches: {
    options: /^\d{6}$/,
    errorMessage: 'must be the 6 digits your authenticator app shows',
  },
};

export const id: ParamSchema = {
  // Ids are PostgreSQL integers: a larger number is no id, not a query to try.
  isInt: {
    options: { min: 1, max: 2_147_483_647 },
    errorMessage: 'must be a positive whole number',
  },
  toInt: true,
};

export const role: ParamSchema = {
  isIn: { options: [ROLES], errorMessage: `must be one of ${ROLES.join(', ')}` },
};

/** A required display name of 1 to `max` characters (venue, hall, event title). */
export const name = (max: number): ParamSchema => ({
  isString: { errorMessage: 'is required', bail: true },
  trim: true,
  isLength: { options: { min: 1, max }, errorMessage: `must be 1 to ${max} characters` },
});

export const venueAddress: ParamSchema = {
  optional: true,
  isString: true,
  trim: true,
  isLength: { options: { max: 300 }, errorMessage: 'must be at most 300 characters' },
};

export const timezone: ParamSchema = { optional: true, isString: true, trim: true };

/** A page number of a paged list, 1 if not given. */
export const page: ParamSchema = {
  optional: true,
  isInt: { options: { min: 1, max: 10_000 }, errorMessage: 'must be a page number' },
  toInt: true,
};

/** The set-up token the server printed at start-up (first-admin set-up only). */
export const setupToken: ParamSchema = {
  // Checked in the method, after "is there an admin yet?", which answers first.
  optional: true,
  isString: { errorMessage: 'is required: open the set-up address from the server log' },
  isLength: { options: { min: 1, max: 100 }, errorMessage: 'is not a set-up token' },
};

/** An optional yes/no field that is yes unless said otherwise. */
export const yesByDefault: ParamSchema = {
  optional: true,
  isBoolean: { errorMessage: 'must be true or false' },
  toBoolean: true,
};
