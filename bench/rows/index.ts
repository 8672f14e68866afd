import { hold } from './hold.js';
import { hot } from './hot.js';
import { onsale } from './onsale.js';
import { floor, page, seatMap } from './pages.js';
import { pgbench } from './pgbench.js';
import type { Row } from './shared.js';
import { signup } from './signup.js';
import { sockets } from './sockets.js';
import { sql } from './sql.js';

/** Every row of the suite, in the order they run and print. */
export const ROWS: Row[] = [hold, hot, floor, page, seatMap, sockets, sql, signup, onsale, pgbench];

/** The rows named (by id or an alias); none named: all of them. */
export function selectRows(names: string[]): Row[] {
  if (!names.length) return ROWS;
  const unknown = names.filter(
    (name) => !ROWS.some((row) => row.id === name || row.also?.includes(name)),
  );
  if (unknown.length)
    throw new Error(
      `no such row: ${unknown.join(', ')}; rows: ${ROWS.flatMap((row) => [row.id, ...(row.also ?? [])]).join(', ')}`,
    );
  return ROWS.filter(
    (row) => names.includes(row.id) || row.also?.some((name) => names.includes(name)),
  );
}
