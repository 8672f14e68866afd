// The least a hold endpoint can do: bare Express 5 and a `pg` Pool, no auth, no rate
// limits, no hold records, on bench_event_seats (a copy of event_seats with the same
// columns, checks and indexes; bench/seed.ts makes it). One conditional UPDATE in a
// transaction takes all the seats or none. Its pool is as large as Seats' default.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import pg from 'pg';
import { addressKey } from '../../app/core/client-address.js';
import { env, serveBench } from '../serve.js';

const pool = new pg.Pool({
  connectionString: env('BENCH_BARE_DATABASE_URL'),
  max: Number(process.env.DB_POOL_MAX ?? 10),
});
const app = express();
app.use(express.json());

interface HoldBody {
  event_id: number;
  seat_ids: number[];
}

app.post('/hold', async (req, res) => {
  const { event_id, seat_ids } = req.body as HoldBody;
  const wanted = [...new Set(seat_ids)].sort((a, b) => a - b);
  const holdId = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ seat_id: number }>(
      `UPDATE bench_event_seats
          SET status = 'held', hold_id = $3, held_until = now() + interval '600 seconds'
        WHERE event_id = $1 AND seat_id = ANY($2)
          AND (status = 'available' OR (status = 'held' AND held_until <= now()))
        RETURNING seat_id`,
      [event_id, wanted, holdId],
    );
    if (rows.length < wanted.length) {
      await client.query('ROLLBACK');
      const got = new Set(rows.map((row) => row.seat_id));
      res.status(409).json({
        error: 'SEATS_UNAVAILABLE',
        details: { seat_ids: wanted.filter((id) => !got.has(id)) },
      });
      return;
    }
    await client.query('COMMIT');
    res.status(201).json({ hold: { id: holdId, event_id, seat_ids: wanted } });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    res.status(500).json({ error: 'INTERNAL', message: String(error) });
  } finally {
    client.release();
  }
});

app.post('/release', async (req, res) => {
  const { hold_id } = req.body as { hold_id: string };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query(
      `UPDATE bench_event_seats SET status = 'available', hold_id = NULL, held_until = NULL
        WHERE hold_id = $1 AND status = 'held'`,
      [hold_id],
    );
    await client.query('COMMIT');
    res.json({ released: rowCount });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    res.status(500).json({ error: 'INTERNAL', message: String(error) });
  } finally {
    client.release();
  }
});

// The same bare server calling Seats' own statement on Seats' own tables, with the
// arguments Seats gives it under the bench's settings (no cool-down, the default TTL, the
// per-user and per-address attempt counters): what the hold rules cost in PostgreSQL (the
// per-user lock, the counters, the hold limits, the hold rows) without Seats' Node stack.
app.post('/rules/hold', async (req, res) => {
  const { event_id, seat_ids, user_id } = req.body as HoldBody & { user_id: number };
  const attempts = [
    { key: `hold_user_event:${user_id}:${event_id}`, points: 1e6, duration: 60 },
    { key: `hold_addr:${addressKey(req.ip)}`, points: 1e6, duration: 60 },
  ];
  const { rows } = await pool.query<{ result: { refused?: string; details?: unknown } }>(
    `SELECT hold_places($1::int, $2::int, NULL, $3::int[], '[]'::jsonb, 0, 600, $4::jsonb) AS result`,
    [event_id, user_id, seat_ids, JSON.stringify(attempts)],
  );
  const result = rows[0]!.result;
  if (result.refused) res.status(409).json({ error: result.refused, details: result.details });
  else res.status(201).json(result);
});

app.post('/rules/release', async (req, res) => {
  const { hold_id, user_id } = req.body as { hold_id: string; user_id: number };
  const { rows } = await pool.query<{ result: unknown }>(
    'SELECT release_hold($1::uuid, $2::int, false, NULL, NULL) AS result',
    [hold_id, user_id],
  );
  res.json(rows[0]!.result);
});

const server = createServer(app);
serveBench('bare-hold', server, async () => {
  server.close();
  await pool.end();
});
