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
  },
  responses: {
    BadRequest: errorResponse(
      'The input is malformed (BAD_REQUEST) or not valid (VALIDATION_FAILED).',
    ),
    Internal: errorResponse('Unexpected failure (INTERNAL), with a request id.'),
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
