import type { Sequelize, Transaction } from 'sequelize';
import { Event } from './event.js';

// Plain SQL for the booking rules, where the exact statement and its row locks matter
// more than a model's conveniences. Replacements are named (`:eventId`) and sent as bind
// parameters, never spliced; a list is compared with `= ANY(:ids)`.
//
// These statements go straight to the pooled connection (the transaction's, or one taken
// from Sequelize's pool for the statement), past Sequelize's query layer: per statement
// it copied its options, scanned the text to splice each value in, and captured a stack
// trace: a quarter of the CPU of a hold and its release (docs/performance.md). Errors come out
// as Sequelize's errors still, so callers tell them apart as before.

type Replacements = Record<string, unknown>;

interface Compiled {
  text: string;
  names: string[];
}

/** The parts of Sequelize's instance its typings keep to themselves. */
interface SequelizeInside {
  options: { logging?: false | ((sql: string, options: object) => void) };
  dialect: {
    Query: new (
      connection: unknown,
      sequelize: Sequelize,
      options: object,
    ) => { sql: string; formatError(error: Error, stack?: string): Error };
  };
}

interface PgConnection {
  query(text: string, values: unknown[]): Promise<{ rows: object[] }>;
  _invalid?: boolean;
}

const compiled = new Map<string, Compiled>();

/**
 * `:name` → `$n`, outside string literals, quoted names and comments; `::` casts and
 * slices (`a[1:2]`, `a[lo:hi]`) stay. What it cannot read as PostgreSQL does it refuses:
 * a nested block comment, and a name right after a name (`a[:lo:hi]`, which PostgreSQL
 * reads as `$1` to the column `hi`: write `a[:lo : :hi]`). Each text is compiled once.
 */
export function compile(sql: string): Compiled {
  const known = compiled.get(sql);
  if (known) return known;
  const names: string[] = [];
  const text = sql.replace(
    /(?<![\w$])[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$(\w*)\$[\s\S]*?\$\1\$|\$\d|::|(?<!\w):([A-Za-z_]\w*)(?=(:[A-Za-z_])?)/g,
    (match, _tag, name: string | undefined, nextName: string | undefined) => {
      if (/^\$\d/.test(match))
        throw new Error('SQL with named replacements cannot also hold $n parameters');
      if (match.startsWith('/*') && match.includes('/*', 2))
        throw new Error('SQL with named replacements cannot hold nested comments');
      if (nextName)
        throw new Error(
          `SQL replacement :${name} is followed by a name: put spaces round the colon`,
        );
      if (!name) return match;
      const at = names.indexOf(name);
      return `$${at >= 0 ? at + 1 : names.push(name)}`;
    },
  );
  const result = { text, names };
  // Statements are constants of the code; a bound keeps a text built at run time from
  // growing the map.
  if (compiled.size < 1000) compiled.set(sql, result);
  return result;
}

async function run(
  sql: string,
  replacements: Replacements,
  transaction: Transaction | undefined,
): Promise<object[]> {
  const { text, names } = compile(sql);
  const values = names.map((name) => {
    // Sequelize refused a missing value too, rather than send NULL for a typo.
    if (!Object.hasOwn(replacements, name) || replacements[name] === undefined)
      throw new Error(`SQL replacement :${name} has no value`);
    return replacements[name];
  });
  // A transaction that has ended has handed its connection back, maybe to someone else's.
  if (transaction && (transaction as Transaction & { finished?: string }).finished)
    throw new Error('This transaction has already ended.');
  const sequelize = Event.sequelize!;
  const log = (sequelize as unknown as SequelizeInside).options.logging;
  if (typeof log === 'function') log(text, { bind: values });
  const manager = sequelize.connectionManager;
  const connection = (
    transaction
      ? (transaction as Transaction & { connection: PgConnection }).connection
      : await manager.getConnection({ type: 'write' })
  ) as PgConnection;
  try {
    return (await connection.query(text, values)).rows;
  } catch (error) {
    throw sequelizeError(sequelize, connection, error as Error & { code?: string }, text);
  } finally {
    if (!transaction) manager.releaseConnection(connection);
  }
}

// What Sequelize took for a connection beyond use, besides ECONNRESET.
const BROKEN =
  /^Query read timeout$|Unable to set non-blocking to true|SSL SYSCALL error: EOF detected|Local: Authentication failure/i;

/** The error Sequelize itself would have thrown: `UniqueConstraintError` and the like. */
function sequelizeError(
  sequelize: Sequelize,
  connection: PgConnection,
  error: Error & { code?: string },
  text: string,
): Error {
  // A broken connection goes back to the pool marked, so the pool drops it.
  if (error.code === 'ECONNRESET' || BROKEN.test(error.message)) connection._invalid = true;
  const { Query } = (sequelize as unknown as SequelizeInside).dialect;
  const query = new Query(connection, sequelize, {});
  query.sql = text;
  return query.formatError(Object.assign(error, { sql: text }), error.stack);
}

/** The rows a SELECT (or a statement with RETURNING) answers. */
export function selectRows<T extends object>(
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<T[]> {
  return run(sql, replacements, transaction) as Promise<T[]>;
}

/** Runs statements whose answer is not needed. */
export async function execute(
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<void> {
  await run(sql, replacements, transaction);
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
