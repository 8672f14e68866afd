// SQL statements per request, counted by pg_stat_statements (see bench/load/sql.ts): a
// Seats process and a bare endpoint of their own, each connecting as a role of its own,
// so that only their statements are counted. The Seats one runs no sweeper (periodic
// work, not any request's); each repetition sells from a fresh event.
import type { BenchContext } from '../context.js';
import { baselineEnv, seatsEnv } from '../context.js';
import { roleUrl } from '../database.js';
import type { SqlResult } from '../load/sql.js';
import { runLoad, startServer, type ServerProcess } from '../processes.js';
import type { Line } from '../report.js';
import { onSaleEvent } from '../seed.js';
import { median } from '../stats.js';
import { repeat, say, SEAT_BLOCKS, type Row } from './shared.js';

const KINDS: Array<[string, string]> = [
  ['hold', 'hold (4 seats)'],
  ['release', 'release'],
  ['create', 'create booking'],
  ['confirm', 'confirm (test card)'],
  ['auth', 'bearer auth alone (GET /api/system/ping)'],
  ['me', 'GET /api/auth/me (bearer)'],
  ['notModified', 'seat map 304'],
];

function sqlLoad(
  ctx: BenchContext,
  kind: 'seats' | 'bare',
  base: string,
  role: { oid: number },
  event: { eventId: number; seatIds: number[] },
) {
  return runLoad<SqlResult>('sql.ts', {
    kind,
    base,
    fixture: ctx.fixtureFile,
    user: 1,
    eventId: event.eventId,
    seatIds: event.seatIds,
    requests: ctx.sizes.sqlRequests,
    countUrl: ctx.db.url,
    roleOid: role.oid,
    settleMs: 50,
  }).result;
}

export const sql: Row = {
  id: 'sql',
  async run(ctx) {
    if (!ctx.db.statementsCounted) {
      say('sql: pg_stat_statements is not loaded on BENCH_DATABASE_URL: skipped');
      return KINDS.map(([, label]) => ({
        row: 'sql',
        label: `SQL statements: ${label}`,
        unit: '/req',
        figures: [NaN],
        details: { skipped: 'pg_stat_statements is not in shared_preload_libraries' },
      }));
    }
    const seatsRole = await roleUrl(ctx.db.url, 'bench_seats_counted');
    const bareRole = await roleUrl(ctx.db.url, 'bench_bare_counted');
    // Both started before either is awaited, and both stopped whatever failed.
    const servers = await Promise.allSettled([
      startServer(
        'seats-counted',
        'seats-process.ts',
        seatsEnv(seatsRole.url, { SWEEP_INTERVAL_MS: '0' }),
      ),
      startServer('bare-counted', 'baselines/bare-hold.ts', baselineEnv(bareRole.url)),
    ]);
    try {
      const [seats, bare] = servers.map((server) => {
        if (server.status === 'rejected') throw server.reason;
        return server.value;
      }) as [ServerProcess, ServerProcess];
      const bareEvent = {
        eventId: ctx.fixture.eventId,
        seatIds: ctx.seats(SEAT_BLOCKS.bareSql, 8 * (ctx.sizes.sqlRequests + 1)),
      };
      const runs: SqlResult[] = [];
      const bareRuns = await repeat(ctx, async (rep) => {
        const event = await onSaleEvent(ctx.mainHall, `SQL count ${rep + 1}`);
        runs.push(await sqlLoad(ctx, 'seats', seats.url, seatsRole, event));
        return sqlLoad(ctx, 'bare', bare.url, bareRole, bareEvent);
      });
      return KINDS.map(([kind, label]): Line => {
        const of = (list: SqlResult[]) => list.map((run) => median(run.counts[kind] ?? [NaN]));
        return {
          row: 'sql',
          label: `SQL statements: ${label}`,
          unit: '/req',
          figures: of(runs),
          ...(kind === 'hold' || kind === 'release'
            ? { baseline: { label: 'bare Express+pg', figures: of(bareRuns) } }
            : {}),
          details: {
            perRequest: runs.map((run) => run.counts[kind]),
            statements: runs.at(-1)?.breakdown[kind],
            ...(kind === 'hold' || kind === 'release'
              ? { barePerRequest: bareRuns.map((run) => run.counts[kind]) }
              : {}),
          },
        };
      });
    } finally {
      await Promise.all(
        servers.map((server) => (server.status === 'fulfilled' ? server.value.stop() : undefined)),
      );
    }
  },
};
