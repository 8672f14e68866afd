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
    isConnectionLoss(error)
  ) {
    return new AppError('SERVICE_UNAVAILABLE', GENERIC_MESSAGES.SERVICE_UNAVAILABLE!, undefined, {
      cause: error,
    });
  }
  const database = databaseError(error);
  // A lock waited for past lock_places' timeout, on every try: busy, not broken.
  if (database?.code === '55P03')
    return new AppError('SERVICE_UNAVAILABLE', GENERIC_MESSAGES.SERVICE_UNAVAILABLE!, undefined, {
      cause: error,
    });
  if (database?.code === '23514' || database?.code === '23502') {
    const field = database.column ?? database.constraint ?? 'value';
    const problem = database.code === '23502' ? 'is required' : 'is not allowed';
    return new AppError(
      'VALIDATION_FAILED',
      'Some values are not valid.',
      { [field]: problem },
      { cause: error },
    );
  }
  if (database?.code?.startsWith('22')) {
    return new AppError(
      'BAD_REQUEST',
      'A value has the wrong format or is out of range.',
      undefined,
      {
        cause: error,
      },
    );
  }

  if ((error as { code?: unknown } | null)?.code === 'CSRF_FAILED') {
    return new AppError('CSRF_FAILED', (error as Error).message, undefined, { cause: error });
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

  // The router's own refusal of a path it cannot decode (`/events/%E0%A4%A`).
  if (error instanceof URIError && (error as URIError & { status?: number }).status === 400)
    return new AppError('BAD_REQUEST', 'The address is not valid.', undefined, { cause: error });

  return new AppError('INTERNAL', GENERIC_MESSAGES.INTERNAL!, undefined, { cause: error });
}

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  message?: string;
}

/** The driver's error behind a Sequelize error (or the error itself, from pg directly). */
function databaseError(error: unknown): PgError | undefined {
  const original =
    error instanceof SequelizeError ? (error as { original?: unknown }).original : error;
  return original && typeof original === 'object' ? (original as PgError) : undefined;
}

// The database is unreachable or went away: PostgreSQL SQLSTATE classes 08 (connection),
// 57P (shutdown) and 53 (out of resources), socket errors, and pg's message for a
// connection dropped in the middle of a query, which carries no code.
function isConnectionLoss(error: unknown): boolean {
  const pg = databaseError(error);
  if (!pg) return false;
  if (pg.code && /^(08|57P|53)/.test(pg.code)) return true;
  if (
    pg.code &&
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(pg.code)
  )
    return true;
  return /Connection terminated|Client has encountered a connection error/.test(pg.message ?? '');
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

/** The JSON body of an error, the same on every transport (docs/api.md, Error codes). */
export function errorBody(error: AppError, requestId?: string) {
  return {
    error: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    ...(error.code === 'INTERNAL' && requestId ? { request_id: requestId } : {}),
  };
}
