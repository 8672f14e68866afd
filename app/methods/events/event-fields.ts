import type { Schema } from 'express-validator';
import type { DraftFields } from '../../models/event-drafts.js';
import { id, name } from '../fields.js';

// Input rules shared by the event methods (they may not import each other).

export const date = (optional = false) => ({
  ...(optional ? { optional: true } : {}),
  isISO8601: { options: { strict: true }, errorMessage: 'must be a date and time (ISO 8601)' },
  toDate: true,
});

/** An optional date and time that null clears (an event's sales window). */
const clearableDate = {
  optional: true,
  custom: {
    options: (value: unknown) =>
      value === null ||
      (typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) &&
        !Number.isNaN(Date.parse(value))),
    errorMessage: 'must be a date and time (ISO 8601), or null to clear it',
  },
  customSanitizer: {
    options: (value: unknown) => (value === null ? null : new Date(value as string)),
  },
};

/** An event's fields other than its hall and times: title, text, sales window, prices. */
export const eventFields: Schema = {
  title: name(200),
  description: {
    optional: true,
    isString: true,
    isLength: { options: { max: 5000 }, errorMessage: 'must be at most 5000 characters' },
  },
  image_url: {
    optional: true,
    custom: {
      options: (value: unknown) =>
        value === null ||
        (typeof value === 'string' &&
          URL.canParse(value) &&
          /^https?:$/.test(new URL(value).protocol)),
      errorMessage: 'must be an http(s) URL, or null to clear it',
    },
  },
  sales_start: clearableDate,
  sales_end: clearableDate,
  max_per_order: {
    optional: true,
    isInt: { options: { min: 1, max: 100 }, errorMessage: 'must be 1 to 100' },
    toInt: true,
  },
  prices: {
    optional: true,
    isArray: { options: { max: 50 }, errorMessage: 'must be a list of prices' },
  },
  'prices.*.section_id': id,
  'prices.*.price_cents': {
    isInt: {
      options: { min: 0, max: 10_000_000 },
      errorMessage: 'must be a whole number of cents',
    },
    toInt: true,
  },
  'prices.*.currency': {
    isString: true,
    matches: { options: /^[A-Z]{3}$/, errorMessage: 'must be an ISO 4217 code such as EUR' },
  },
};

export type EventFieldsInput = DraftFields & {
  prices?: Array<{ section_id: number; price_cents: number; currency: string }>;
};
