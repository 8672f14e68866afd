import { AppError } from '../../core/errors.js';
import type { Ack, ClientEnvelope } from '../../shared/socket-contract.js';

const EID = /^[\w.:-]{1,128}$/;

export interface ParsedArguments {
  payload: unknown;
  ack: Ack | undefined;
}

/** Socket.IO hands the ack callback over as the last argument, when the client gave one. */
export function splitArguments(args: unknown[]): ParsedArguments {
  const ack = typeof args.at(-1) === 'function' ? (args.pop() as Ack) : undefined;
  return { payload: args[0], ack };
}

/** The request id to echo in a reply, when the payload has a usable one. */
export function eidOf(payload: unknown): string | undefined {
  const eid = (payload as { eid?: unknown } | null)?.eid;
  return typeof eid === 'string' && EID.test(eid) ? eid : undefined;
}

/** The type to echo in a reply, when the payload names one. */
export function typeOf(payload: unknown): string {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.length <= 64 ? type : 'error';
}

/** Checks a client's envelope (docs/api.md, Socket.IO); anything malformed is BAD_REQUEST with the reason. */
export function parseEnvelope(payload: unknown): ClientEnvelope {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('BAD_REQUEST', 'A message must be an object {type, data, eid, ts}.');
  }
  const { type, data, eid, ts } = payload as Record<string, unknown>;
  if (typeof type !== 'string' || !type)
    throw new AppError('BAD_REQUEST', 'The message has no "type" string.');
  if (type.length > 64) throw new AppError('BAD_REQUEST', 'The message "type" is too long.');
  if (eid === undefined)
    throw new AppError('BAD_REQUEST', 'The message has no "eid" (request id).');
  if (typeof eid !== 'string' || !EID.test(eid)) {
    throw new AppError(
      'BAD_REQUEST',
      'The message "eid" must be 1 to 128 letters, digits, "_", ".", ":" or "-".',
    );
  }
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new AppError('BAD_REQUEST', 'The message "data" must be an object.');
  }
  if (ts !== undefined && typeof ts !== 'number')
    throw new AppError('BAD_REQUEST', 'The message "ts" must be a number.');
  return { type, eid, ts, data: (data as Record<string, unknown> | undefined) ?? {} };
}
