import { ERROR_CODES } from '../../shared/error-codes.js';

/** Shared OpenAPI components: the error body every route may answer with. */
export const components = {
  schemas: {
    Error: {
      type: 'object',
      required: ['error', 'message'],
      properties: {
        error: { type: 'string', enum: ERROR_CODES, description: 'Stable error code.' },
        message: { type: 'string', description: 'Human-readable explanation.' },
        details: {
          type: 'object',
          description: 'What the caller needs to act, e.g. field → message.',
        },
        request_id: {
          type: 'string',
          description: 'Present on INTERNAL errors; quote it to support.',
        },
      },
    },
    User: {
      type: 'object',
      required: ['id', 'username', 'role'],
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        role: { type: 'string', enum: ['customer', 'organizer', 'staff', 'admin'] },
      },
    },
    Candidate: {
      type: 'object',
      description: 'A new name: enrol an authenticator app with this secret, then verify a code.',
      required: ['status', 'qr_code', 'otpauth_url', 'secret'],
      properties: {
        status: { const: 'candidate' },
        qr_code: {
          type: 'string',
          description: 'data:image/svg+xml;base64 QR code of otpauth_url',
        },
        otpauth_url: { type: 'string' },
        secret: { type: 'string', description: 'base32, for manual entry' },
      },
    },
    SignedIn: {
      type: 'object',
      required: ['user'],
      properties: {
        user: { $ref: '#/components/schemas/User' },
        recovery_codes: {
          type: 'array',
          items: { type: 'string' },
          description: 'On enrolment only; shown once.',
        },
        login_token: {
          type: 'string',
          description: 'Over a socket only: post it to /api/auth/session.',
        },
        reenroll_required: { type: 'boolean' },
      },
    },
    ApiToken: {
      type: 'object',
      required: [
        'id',
        'name',
        'scopes',
        'created_at',
        'expires_at',
        'last_used_at',
        'last_used_ip',
      ],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        scopes: { type: 'array', items: { enum: ['read', 'write', 'admin'] } },
        created_at: { type: 'string', format: 'date-time' },
        expires_at: { type: 'string', format: 'date-time' },
        last_used_at: { type: ['string', 'null'], format: 'date-time' },
        last_used_ip: { type: ['string', 'null'] },
      },
    },
  },
  responses: {
    BadRequest: errorResponse(
      'The input is malformed (BAD_REQUEST) or not valid (VALIDATION_FAILED).',
    ),
    Internal: errorResponse('Unexpected failure (INTERNAL), with a request id.'),
    Unauthenticated: errorResponse(
      'Not signed in, or a wrong code or token (UNAUTHENTICATED, INVALID_CODE).',
    ),
    Forbidden: errorResponse(
      'Not allowed (FORBIDDEN): by role, by the token’s scopes (details.scope) or because a token cannot do it (details.needs: "session"); REAUTHENTICATION_REQUIRED when a fresh authenticator code is needed.',
    ),
    NotFound: errorResponse('No such record (NOT_FOUND).'),
    Conflict: errorResponse(
      'Conflicts with the current state (e.g. SEATS_UNAVAILABLE, VERSION_CONFLICT).',
    ),
    Gone: errorResponse('The hold or booking has run out (HOLD_EXPIRED, BOOKING_EXPIRED).'),
    Unprocessable: errorResponse(
      'Understood but refused (PAYMENT_DECLINED, IDEMPOTENCY_MISMATCH).',
    ),
    TooManyAttempts: errorResponse(
      'Too many wrong codes or attempts (TOO_MANY_ATTEMPTS); details.retry_after_s.',
    ),
  },
} as const;

function errorResponse(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

export const jsonResponse = (description: string, schema: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errorRef = (name: keyof typeof components.responses) => ({
  $ref: `#/components/responses/${name}`,
});

export const ref = (name: keyof typeof components.schemas) => ({
  $ref: `#/components/schemas/${name}`,
});
