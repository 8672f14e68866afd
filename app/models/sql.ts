import { QueryTypes, type Transaction } from 'sequelize';
import { Event } from './event.js';

// Plain SQL for the booking rules, where the exact statement and its row locks matter
// more than a model's conveniences. Replacements are named (`:eventId`), never spliced.

type Replacements = Record<string, unknown>;

/** The rows a SELECT (or a statement with RETURNING) answers. */
export function selectRows<T extends object>(
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<T[]> {
  return Event.sequelize!.query<T>(sql, { replacements, transaction, type: QueryTypes.SELECT });
}

/** Runs statements whose answer is not needed. */
export async function execute(
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<void> {
  await Event.sequelize!.query(sql, { replacements, transaction });
}

// A deadlock victim, a serialization failure, two first holds of one user for one event
// racing (one active hold each), or a random code drawn twice: running the transaction
// again settles each.
// A lock wait past lock_places' timeout (55P03) is a fault worth one more try too.
const RETRYABLE = new Set(['40P01', '40001', '55P03']);
const RETRYABLE_CONSTRAINTS = new Set([
  'holds_one_active_idx',
  'bookings_code_key',
  'tickets_code_key',
]);

export function isRetryable(error: unknown): boolean {
  const pg = (error as { original?: { code?: string; constraint?: string } }).original;
  return (
    !!pg &&
    (RETRYABLE.has(pg.code ?? '') ||
      (pg.code === '23505' && RETRYABLE_CONSTRAINTS.has(pg.constraint ?? '')))
  );
}

/** Runs `work` (one statement, or a transaction), again (three tries in all) when it is worth retrying. */
export async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
}

/** Runs `work` in one transaction, again (three tries in all) when it is worth retrying. */
export function inTransaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
  return withRetries(() => Event.sequelize!.transaction(work));
}

/** Runs `work` in one transaction, once: for work with effects outside the database. */
export function oneTransaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
  return Event.sequelize!.transaction(work);
}
