import {
  BaseError as SequelizeError,
  ConnectionError,
  ForeignKeyConstraintError,
  TimeoutError,
  UniqueConstraintError,
  ValidationError,
} from 'sequelize';
import { ERROR_STATUS, UNIQUE_CONSTRAINT_CODES, type ErrorCode } from '../shared/error-codes.js';

export type ErrorDetails = Record<string, unknown>;

/** An error a client may see: a stable code, its HTTP status, a message and details. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = ERROR_STATUS[code];
  }
}

const GENERIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  INTERNAL: 'Something went wrong on our side. Quote the request id if you contact us.',
  SERVICE_UNAVAILABLE: 'The service is briefly unavailable. Please try again in a moment.',
};

// PostgreSQL SQLSTATE classes that mean the database is not reachable or is going away:
// 08 connection exception, 57P admin/crash shutdown, 53 insufficient resources.
const UNAVAILABLE_SQLSTATE = /^(08|57P|53)/;

interface HttpParserError {
  type?: unknown;
  status?: unknown;
}

/**
 * The one place where library errors become AppErrors. Every transport calls this at
 * its boundary, so a Sequelize, pg or body-parser error means the same to every client.
 * Anything unrecognised becomes INTERNAL, which never exposes its own message.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;

  if (error instanceof UniqueConstraintError) {
    const constraint = (error.parent as { constraint?: string } | undefined)?.constraint;
    const code = constraint ? UNIQUE_CONSTRAINT_CODES[constraint] : undefined;
    const fields = Object.keys(error.fields ?? {});
    if (code)
      return new AppError(
        code,
        'That is already taken.',
        fieldDetails(fields, 'is already taken'),
        { cause: error },
      );
    return new AppError(
      'VALIDATION_FAILED',
      'Some values are already taken.',
      fieldDetails(fields, 'is already taken'),
      { cause: error },
    );
  }
  if (error instanceof ValidationError) {
    const details: ErrorDetails = {};
    for (const item of error.errors) details[item.path ?? 'value'] = item.message;
    return new AppError('VALIDATION_FAILED', 'Some values are not valid.', details, {
      cause: error,
    });
  }
  if (error instanceof ForeignKeyConstraintError) {
    return new AppError(
      'VALIDATION_FAILED',
      'A referenced record does not exist.',
      fieldDetails(asArray(error.fields), 'does not exist'),
      { cause: error },
    );
  }
  if (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    isUnavailableSqlState(error)
  ) {
    return new AppError('SERVICE_UNAVAILABLE', GENERIC_MESSAGES.SERVICE_UNAVAILABLE!, undefined, {
      cause: error,
    });
  }

  const parser = error as HttpParserError | null;
  if (parser && typeof parser === 'object' && typeof parser.type === 'string') {
    if (parser.type === 'entity.parse.failed')
      return new AppError('BAD_REQUEST', 'The request body is not valid JSON.', undefined, {
        cause: error,
      });
    if (parser.type === 'entity.too.large')
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.', undefined, {
        cause: error,
      });
    if (parser.status === 400 || parser.status === 415)
      return new AppError('BAD_REQUEST', 'The request body could not be read.', undefined, {
        cause: error,
      });
  }

  return new AppError('INTERNAL', GENERIC_MESSAGES.INTERNAL!, undefined, { cause: error });
}

function isUnavailableSqlState(error: unknown): boolean {
  const original =
    error instanceof SequelizeError ? (error as { original?: { code?: unknown } }).original : error;
  const code = (original as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code);
}

function asArray(fields: unknown): string[] {
  if (Array.isArray(fields)) return fields.map(String);
  if (fields && typeof fields === 'object') return Object.keys(fields);
  return [];
}

function fieldDetails(fields: string[], message: string): ErrorDetails | undefined {
  if (!fields.length) return undefined;
  return Object.fromEntries(fields.map((field) => [field, message]));
}

/** The JSON body of an error, the same on every transport (DESIGN §6). */
export function errorBody(error: AppError, requestId?: string) {
  return {
    error: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    ...(error.code === 'INTERNAL' && requestId ? { request_id: requestId } : {}),
  };
}
