import type { MigrationFn } from '../app/core/migrator.js';

// Holds from one address (a carrier-grade NAT, a campus) all counted on one row of
// rate_limits, locked from the moment a hold counted its attempt until it committed, so
// they ran one at a time in PostgreSQL: hold_places averaged 6.8 ms instead of 1.5 ms in
// an on-sale from one address (docs/performance.md). An attempt may now name `shards`:
// its key is one of `shards` rows (`<group><n>`, chosen by the caller), the limit counts
// the unexpired points of them all, and callers on other rows do not wait. The rows of a
// group share one fixed window (aligned to the clock, offset per group), so together
// they count exactly what one row would: windows of their own, staggered, would let an
// address through about 15 times its limit, and the retry time would be wrong.
const holdPlaces = (sharded: boolean) => `
    CREATE OR REPLACE FUNCTION hold_places(p_event int, p_user int, p_customer text, p_seats int[],
                                p_sections jsonb, p_cooldown int, p_ttl int, p_attempts jsonb)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      attempt record;
      now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
      wait_ms bigint;
      result jsonb;
    BEGIN
      -- One user's holds for one event, one at a time: a second first hold finds the first.
      PERFORM pg_advisory_xact_lock(p_event, p_user);
      -- The counters are read here and counted at the end: an address's rows are shared by
      -- the holds from it, so they are locked only for the moment before the commit.
      FOR attempt IN SELECT * FROM jsonb_to_recordset(p_attempts)
          AS a(key text, points int, duration int${sharded ? ', "group" text, shards int' : ''}) LOOP
        ${
          sharded
            ? `-- Until the group's window ends (its rows share it).
        SELECT min(expire) - now_ms INTO wait_ms FROM rate_limits
         WHERE key = ANY(CASE WHEN attempt.shards IS NULL THEN ARRAY[attempt.key]
                         ELSE ARRAY(SELECT attempt."group" || n FROM generate_series(0, attempt.shards - 1) n) END)
           AND expire > now_ms
        HAVING sum(points) >= attempt.points;`
            : `SELECT expire - now_ms INTO wait_ms FROM rate_limits
         WHERE key = attempt.key AND expire > now_ms AND points >= attempt.points;`
        }
        EXIT WHEN wait_ms IS NOT NULL;
      END LOOP;
      IF wait_ms IS NOT NULL THEN
        result := jsonb_build_object('refused', 'RATE_LIMITED', 'details', jsonb_build_object('wait_ms', wait_ms));
      ELSE
        result := hold_places_now(p_event, p_user, p_customer, p_seats, p_sections, p_cooldown, p_ttl);
      END IF;
      FOR attempt IN SELECT * FROM jsonb_to_recordset(p_attempts)
          AS a(key text, points int, duration int${sharded ? ', "group" text, shards int' : ''}) LOOP
        ${
          sharded
            ? `IF attempt.shards IS NULL THEN
          PERFORM take_attempt(attempt.key, attempt.points, attempt.duration);
        ELSE
          PERFORM take_attempt_until(attempt.key, group_window_end(attempt."group", attempt.duration,
                                      (extract(epoch FROM clock_timestamp()) * 1000)::bigint));
        END IF;`
            : 'PERFORM take_attempt(attempt.key, attempt.points, attempt.duration);'
        }
      END LOOP;
      RETURN result;
    END $$;`;

export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    -- The end of the current window of a group's counters: windows of p_duration seconds
    -- on the clock, shifted per group so that groups do not all start afresh at once.
    CREATE FUNCTION group_window_end(p_group text, p_duration int, p_now_ms bigint) RETURNS bigint
      LANGUAGE sql IMMUTABLE AS $$
      SELECT p_now_ms + p_duration * 1000
             - ((p_now_ms + abs(hashtext(p_group))::bigint) % (p_duration * 1000))
    $$;

    -- One attempt on a counter whose window ends at p_expire (epoch ms), in the format of
    -- take_attempt: a counter whose window has ended starts again at one.
    CREATE FUNCTION take_attempt_until(p_key text, p_expire bigint) RETURNS void
      LANGUAGE sql VOLATILE AS $$
      INSERT INTO rate_limits (key, points, expire) VALUES (p_key, 1, p_expire)
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN rate_limits.expire <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint
                        THEN 1 ELSE rate_limits.points + 1 END,
          expire = CASE WHEN rate_limits.expire <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint
                        THEN EXCLUDED.expire ELSE rate_limits.expire END
    $$;
  `);
  await sequelize.query(holdPlaces(true));
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  // Back to hold_places as migration 0011 made it: one row per key.
  await sequelize.query(holdPlaces(false));
  await sequelize.query(`
    DROP FUNCTION take_attempt_until(text, bigint);
    DROP FUNCTION group_window_end(text, int, bigint);
  `);
};
