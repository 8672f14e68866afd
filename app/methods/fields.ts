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
  isInt: { options: { min: 1 }, errorMessage: 'must be a positive whole number' },
  toInt: true,
};

export const role: ParamSchema = {
  isIn: { options: [ROLES], errorMessage: `must be one of ${ROLES.join(', ')}` },
};
