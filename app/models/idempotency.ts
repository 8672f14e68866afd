import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, errorBody, toAppError } from '../core/errors.js';
import type { ErrorCode } from '../shared/error-codes.js';
import { execute, selectRows } from './sql.js';

// How long a retry waits for the first request with its key to finish, and after how
// long an unanswered claim counts as abandoned.
const WAIT_MS = 10_000;
const ABANDONED_SECONDS = 60;

type KeyIds = { userId: number; scope: string; key: string };

const fingerprint = (request: unknown) =>
  createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * Runs `work` once per (user, scope, key): a retry with the same key and the same request
 * gets the first answer, success or refusal, without running again; the same key with
 * another request is IDEMPOTENCY_MISMATCH. A failure of ours (5xx) is not remembered, so
 * a retry runs again. Without a key, `work` simply runs.
 */
export async function idempotent<T>(
  options: { key: string | undefined; scope: string; userId: number; request: unknown },
  work: () => Promise<T>,
): Promise<T> {
  if (!options.key) return work();
  const ids: KeyIds = { userId: options.userId, scope: options.scope, key: options.key };
  const hash = fingerprint(options.request);
  for (;;) {
    // A claim left unanswered for a minute belongs to a process that stopped: take it over.
    const claim = randomUUID();
    const [claimed] = await selectRows<{ key: string }>(
      `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, claim)
       VALUES (:userId, :scope, :key, :hash, :claim)
       ON CONFLICT (user_id, scope, key) DO UPDATE SET created_at = now(), claim = :claim
        WHERE idempotency_keys.status IS NULL AND idempotency_keys.request_hash = :hash
          AND idempotency_keys.created_at < now() - interval '${ABANDONED_SECONDS} seconds'
       RETURNING key`,
      { ...ids, hash, claim },
    );
    if (claimed) return runOnce(ids, claim, work);
    const answer = await replay<T>(ids, hash);
    // The first request failed on our side and let the key go: this one runs instead.
    if (answer) return answer.value;
  }
}

/**
 * Runs the work for a claim and keeps its answer, unless the claim was taken over
 * meanwhile: then the answer of the one who took it over stands.
 */
async function runOnce<T>(ids: KeyIds, claim: string, work: () => Promise<T>): Promise<T> {
  const where = 'WHERE user_id = :userId AND scope = :scope AND key = :key AND claim = :claim';
  try {
    const result = await work();
    await execute(`UPDATE idempotency_keys SET status = 200, response = :response ${where}`, {
      ...ids,
      claim,
      response: JSON.stringify(result),
    });
    return result;
  } catch (raw) {
    const error = toAppError(raw);
    if (error.status >= 500)
      await execute(`DELETE FROM idempotency_keys ${where}`, { ...ids, claim });
    else
      await execute(`UPDATE idempotency_keys SET status = :status, response = :response ${where}`, {
        ...ids,
        claim,
        status: error.status,
        response: JSON.stringify(errorBody(error, '')),
      });
    throw raw;
  }
}

/** The first answer to a key, once there is one; undefined when the key was let go. */
async function replay<T>(ids: KeyIds, hash: string): Promise<{ value: T } | undefined> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [row] = await selectRows<{
      request_hash: string;
      status: number | null;
      response: unknown;
    }>(
      `SELECT request_hash, status, response FROM idempotency_keys
        WHERE user_id = :userId AND scope = :scope AND key = :key`,
      ids,
    );
    if (!row) return undefined;
    if (row.request_hash !== hash)
      throw new AppError(
        'IDEMPOTENCY_MISMATCH',
        'This Idempotency-Key was used with a different request.',
      );
    if (row.status === 200) return { value: row.response as T };
    if (row.status) {
      const body = row.response as { error: ErrorCode; message: string; details?: never };
      throw new AppError(body.error, body.message, body.details);
    }
    if (Date.now() > deadline)
      throw new AppError('VERSION_CONFLICT', 'The first request with this key is still running.');
    await sleep(50);
  }
}
