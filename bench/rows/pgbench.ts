// PostgreSQL alone on this machine, on the bench's own server, as fast as 8 clients can:
// pgbench running a one-row UPDATE (a random one of 2,000 rows of bench_pgbench_rows),
// and pgbench running Seats' hold statements, a hold_places then a release_hold per
// transaction, each client as a user of its own on 4 seats of its own, with the
// arguments Seats gives them. No Node.js in the way, so the second is the steadiest
// measure of what those statements cost (no process shares a core with them but
// PostgreSQL's own). Skipped, with a line saying so, when pgbench is not on PATH.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueryTypes } from 'sequelize';
import { bookingRulesOf, loadConfig } from '../../app/core/config.js';
import { holdAttempts } from '../../app/models/inventory/hold.js';
import { seatsEnv, type BenchContext } from '../context.js';
import { benchAddress } from '../load/targets.js';
import type { Line } from '../report.js';
import { repeat, say, SEAT_BLOCKS, type Row } from './shared.js';

const run = promisify(execFile);
const UPDATE_SCRIPT =
  '\\set id random(1, 2000)\nUPDATE bench_pgbench_rows SET n = n + 1 WHERE id = :id;\n';
// pgbench's simple protocol pastes a variable in as it is: the hold id comes quoted.
const HOLD_SCRIPT = `SELECT quote_literal(hold_places(c.event_id, c.user_id, NULL, c.seat_ids, '[]'::jsonb, c.cooldown,
         c.ttl, c.attempts) -> 'hold' ->> 'id') AS hold_id, c.user_id
    FROM bench_pgbench_clients c WHERE c.client = :client_id \\gset
SELECT release_hold(:hold_id::uuid, :user_id, false, NULL, NULL);
`;

/** Each pgbench client's user, seats and hold arguments, as Seats would pass them. */
async function prepareHoldClients(ctx: BenchContext, clients: number) {
  const rules = bookingRulesOf(loadConfig(seatsEnv(ctx.db.url)));
  const seats = ctx.seats(SEAT_BLOCKS.hold, clients * 4);
  const rows = ctx.fixture.users.slice(0, clients).map((user, client) => ({
    client,
    user_id: user.id,
    event_id: ctx.fixture.eventId,
    seat_ids: seats.slice(client * 4, client * 4 + 4),
    cooldown: rules.holdCooldownSeconds,
    ttl: rules.holdTtlSeconds,
    attempts: holdAttempts(
      { userId: user.id, eventId: ctx.fixture.eventId, ip: benchAddress(user.id, 19) },
      rules,
    ),
  }));
  await ctx.sequelize.query(
    `DROP TABLE IF EXISTS bench_pgbench_clients;
     CREATE TABLE bench_pgbench_clients AS
       SELECT * FROM json_to_recordset(:rows::json)
         AS t(client int, user_id int, event_id int, seat_ids int[], cooldown int, ttl int, attempts jsonb)`,
    { replacements: { rows: JSON.stringify(rows) } },
  );
}

/** Holds the pgbench clients' users released, to check that every transaction held. */
async function releasedHolds(ctx: BenchContext): Promise<number> {
  const [row] = await ctx.sequelize.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM holds
      WHERE status = 'released' AND user_id IN (SELECT user_id FROM bench_pgbench_clients)`,
    { type: QueryTypes.SELECT },
  );
  return row!.n;
}

async function pgbenchPath(): Promise<string | null> {
  try {
    return (await run('sh', ['-c', 'command -v pgbench'])).stdout.trim() || null;
  } catch {
    return null;
  }
}

export const pgbench: Row = {
  id: 'pgbench',
  async run(ctx) {
    const clients = ctx.sizes.pgbenchClients;
    const label = `pgbench: 1-row UPDATE, ${clients} clients`;
    const binary = await pgbenchPath();
    if (!binary) {
      say('pgbench: not on PATH (apt-get install postgresql-client): skipped');
      return [
        { row: 'pgbench', label, unit: 'tps', figures: [NaN], details: { skipped: 'no pgbench' } },
      ];
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'seats-pgbench-'));
    const updateScript = path.join(dir, 'update.sql');
    const holdScript = path.join(dir, 'hold.sql');
    await writeFile(updateScript, UPDATE_SCRIPT);
    await writeFile(holdScript, HOLD_SCRIPT);
    await prepareHoldClients(ctx, clients);
    const url = new URL(ctx.db.url);
    const seconds = Math.max(1, Math.round(ctx.sizes.seconds));
    const pgbenchRun = async (script: string) => {
      const { stdout } = await run(
        binary,
        [
          '-n',
          '-f',
          script,
          '-c',
          String(clients),
          '-j',
          '2',
          '-T',
          String(seconds),
          '-h',
          url.hostname,
          '-p',
          url.port,
          '-U',
          decodeURIComponent(url.username),
          url.pathname.slice(1),
        ],
        { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } },
      );
      return {
        tps: Number(/tps = ([\d.]+)/.exec(stdout)?.[1]),
        latency: Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]),
        transactions: Number(/actually processed: (\d+)/.exec(stdout)?.[1]),
      };
    };
    try {
      const holds: Array<Awaited<ReturnType<typeof pgbenchRun>>> = [];
      const updates = await repeat(ctx, async () => {
        const before = await releasedHolds(ctx);
        const hold = await pgbenchRun(holdScript);
        // A refused hold would still be a transaction: each must have released a hold.
        const released = (await releasedHolds(ctx)) - before;
        if (released !== hold.transactions)
          say(
            `WARNING pgbench: ${hold.transactions} hold transactions, ${released} holds released`,
          );
        holds.push(hold);
        return pgbenchRun(updateScript);
      });
      const baseline = { label: '1-row UPDATE', figures: updates.map((output) => output.tps) };
      return [
        {
          row: 'pgbench',
          label,
          unit: 'tps',
          figures: updates.map((output) => output.tps),
          details: { binary, seconds, latencyAverageMs: updates.map((output) => output.latency) },
        },
        {
          row: 'pgbench',
          label: `pgbench: Seats' hold_places + release_hold, ${clients} clients`,
          unit: 'tps',
          figures: holds.map((output) => output.tps),
          baseline,
          details: { latencyAverageMs: holds.map((output) => output.latency) },
        },
      ] satisfies Line[];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
