// Sizes of a run: the (full) or tiny ones that still run every row end to end
// (BENCH_SMOKE=1, `npm run bench:smoke`). Each can be set on its own by its variable.
const smoke = process.env.BENCH_SMOKE === '1';
const number = (name: string, full: number, tiny: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return smoke ? tiny : full;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a number`);
  return parsed;
};

export const sizes = {
  smoke,
  /** Repetitions of each measurement; the spread is their min–max. */
  repeat: Math.max(1, number('BENCH_REPEAT', 3, 1)),
  /** Seconds each throughput measurement runs, after a warm-up of a fifth of that. */
  seconds: number('BENCH_SECONDS', 5, 0.3),
  /** Concurrent connections for the plain GET rows (page, seat map, 304, hello-world). */
  connections: number('BENCH_CONNECTIONS', 10, 4),
  holdUsers: number('BENCH_HOLD_USERS', 50, 5),
  hotUsers: number('BENCH_HOT_USERS', 200, 10),
  hotSeats: number('BENCH_HOT_SEATS', 100, 12),
  sockets: number('BENCH_SOCKETS', 500, 20),
  /** Holds whose pushes are timed at every socket. */
  pushes: number('BENCH_PUSHES', 20, 3),
  /** Requests of each kind whose statements are counted. */
  sqlRequests: number('BENCH_SQL_REQUESTS', 20, 3),
  signups: number('BENCH_SIGNUPS', 200, 5),
  buyers: number('BENCH_BUYERS', 2000, 20),
  /** Buyers shopping at once; the next starts when one is done. */
  buyersAtOnce: number('BENCH_BUYERS_AT_ONCE', 200, 10),
  pgbenchClients: 8,
};

export const warmupMs = () => Math.round(sizes.seconds * 200);
export const durationMs = () => Math.round(sizes.seconds * 1000);

/** The on-sale hall: 1,500 stalls + 300 balcony seats + 200 standing; small for smoke runs. */
export const onSaleHall = smoke
  ? { stalls: { rows: 2, perRow: 10 }, balcony: { rows: 1, perRow: 5 }, standing: 5 }
  : { stalls: { rows: 30, perRow: 50 }, balcony: { rows: 6, perRow: 50 }, standing: 200 };
