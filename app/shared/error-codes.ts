// Stable error codes and the HTTP status each one carries (docs/api.md, Error codes). Clients act on
// the code, so a code never changes meaning once it has shipped.
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CODE: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  REAUTHENTICATION_REQUIRED: 403,
  NOT_FOUND: 404,
  SEATS_UNAVAILABLE: 409,
  INVALID_STATE: 409,
  VERSION_CONFLICT: 409,
  ALREADY_CHECKED_IN: 409,
  USERNAME_TAKEN: 409,
  EVENT_NOT_ON_SALE: 409,
  HOLD_LIMIT_EXCEEDED: 409,
  HOLD_EXPIRED: 410,
  BOOKING_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYMENT_DECLINED: 422,
  TICKET_VOID: 422,
  WRONG_EVENT: 422,
  QR_EXPIRED: 422,
  IDEMPOTENCY_MISMATCH: 422,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * Unique constraints whose violation means something a client can act on. Any other
 * unique violation is reported as VALIDATION_FAILED on the columns involved.
 */
export const UNIQUE_CONSTRAINT_CODES: Readonly<Record<string, ErrorCode>> = {
  users_username_key: 'USERNAME_TAKEN',
};
