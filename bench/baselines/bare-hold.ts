// The least a hold endpoint can do: bare Express 5 and a `pg` Pool, no auth, no rate
// limits, no hold records, on bench_event_seats (a copy of event_seats with the same
// columns, checks and indexes; bench/seed.ts makes it). One conditional UPDATE in a
// transaction takes all the seats or none. Its pool is as large as Seats' default.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import compression from 'compression';
import cors from 'cors';
import express, { type RequestHandler } from 'express';
import pg from 'pg';
import { bookingRulesOf, loadConfig } from '../../app/core/config.js';
import { createLogger } from '../../app/core/logger.js';
import { requestLogger } from '../../app/core/request-logger.js';
import { securityHeaders } from '../../app/core/security.js';
import { holdAttempts } from '../../app/models/inventory/hold.js';
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

// The same bare server calling Seats' own statements on Seats' own tables, with the
// arguments Seats gives them under the bench's settings (Seats' own environment, passed on
// by bench/context.ts; the per-user and per-address attempt counters; the address from
// X-Forwarded-For, trusted from loopback as Seats does): what the hold rules cost in
// PostgreSQL (the per-user lock, the counters, the hold limits, the hold rows) without
// Seats' Node stack. Refusals are answered as Seats answers them.
const seatsConfig = loadConfig(JSON.parse(env('BENCH_SEATS_ENV')) as NodeJS.ProcessEnv);
const rules = bookingRulesOf(seatsConfig);
app.set('trust proxy', 'loopback');

const rulesHold: RequestHandler = async (req, res) => {
  const { event_id, seat_ids, user_id } = req.body as HoldBody & { user_id: number };
  const attempts = holdAttempts({ userId: user_id, eventId: event_id, ip: req.ip }, rules);
  try {
    const { rows } = await pool.query<{ result: { refused?: string; details?: unknown } }>(
      `SELECT hold_places($1::int, $2::int, NULL, $3::int[], '[]'::jsonb, $4, $5, $6::jsonb) AS result`,
      [
        event_id,
        user_id,
        seat_ids,
        rules.holdCooldownSeconds,
        rules.holdTtlSeconds,
        JSON.stringify(attempts),
      ],
    );
    const { refused, details } = rows[0]!.result;
    // Seats tells a seat being paid for (SEATS_BUSY) as taken, for now.
    if (refused)
      res
        .status(409)
        .json({ error: refused === 'SEATS_BUSY' ? 'SEATS_UNAVAILABLE' : refused, details });
    else res.status(201).json(rows[0]!.result);
  } catch (error) {
    res.status(500).json({ error: 'INTERNAL', message: String(error) });
  }
};

const rulesRelease: RequestHandler = async (req, res) => {
  const { hold_id, user_id } = req.body as { hold_id: string; user_id: number };
  try {
    const { rows } = await pool.query<{ result: { refused?: string } }>(
      'SELECT release_hold($1::uuid, $2::int, false, NULL, NULL) AS result',
      [hold_id, user_id],
    );
    const { result } = rows[0]!;
    if (result.refused) res.status(404).json({ error: 'NOT_FOUND' });
    else res.json(result);
  } catch (error) {
    res.status(500).json({ error: 'INTERNAL', message: String(error) });
  }
};
app.post('/rules/hold', rulesHold);
app.post('/rules/release', rulesRelease);

// The same statements behind the middleware every Seats request passes and the project's
// standards ask for, each as Seats' app.ts mounts it: the request log (at Seats' level,
// silent in the bench), compression, the security headers (helmet and the CSP nonce) and
// CORS. What is left between these and Seats is Seats' own: authentication, validation,
// the method layer, the presenters and the live seat feed.
const guarded = express.Router();
guarded.use(
  requestLogger(createLogger(seatsConfig)),
  compression(),
  securityHeaders(seatsConfig),
  cors({ origin: seatsConfig.ALLOWED_ORIGINS, credentials: true }),
);
guarded.post('/hold', rulesHold);
guarded.post('/release', rulesRelease);
app.use('/guarded', guarded);

const server = createServer(app);
serveBench('bare-hold', server, async () => {
  server.close();
  await pool.end();
});
