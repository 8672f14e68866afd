import type { MigrationFn } from '../app/core/migrator.js';
import { up as inventoryFunctions } from './20261202-0010-inventory-functions.js';

// Mends of the inventory's functions (migration 0010) after review:
// - lock_places gives the caller's lock_timeout back once its locks are taken, so later
//   waits of the caller's transaction are not cut at 5 s;
// - hold_places serializes one user's holds for one event (an advisory lock), so a second
//   first hold finds the first instead of being refused the seats they share;
// - its attempt counters are read first and counted last: their rows are shared by every
//   hold from one address and event, so they must not stay locked while seats are waited for;
// - a seat locked past the timeout (a payment in progress) is a refusal, not a fault.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE OR REPLACE FUNCTION lock_places(p_event int, p_seats int[], p_sections int[]) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      before text := current_setting('lock_timeout');
    BEGIN
      PERFORM set_config('lock_timeout', '5s', true);
      PERFORM 1 FROM event_seats WHERE event_id = p_event AND seat_id = ANY(p_seats)
        ORDER BY seat_id FOR UPDATE;
      PERFORM 1 FROM event_sections WHERE event_id = p_event AND section_id = ANY(p_sections)
        ORDER BY section_id FOR UPDATE;
      PERFORM set_config('lock_timeout', before, true);
    END $$;

    CREATE FUNCTION inventory_refuse(p_code text, p_details jsonb) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION USING ERRCODE = 'SE409',
        MESSAGE = jsonb_build_object('refused', p_code, 'details', p_details)::text;
    END $$;

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
      -- The counters are read here and counted at the end: their rows are shared by every
      -- hold from one address, so they are locked only for the moment before the commit.
      FOR attempt IN SELECT * FROM jsonb_to_recordset(p_attempts) AS a(key text, points int, duration int) LOOP
        SELECT expire - now_ms INTO wait_ms FROM rate_limits
         WHERE key = attempt.key AND expire > now_ms AND points >= attempt.points;
        EXIT WHEN wait_ms IS NOT NULL;
      END LOOP;
      IF wait_ms IS NOT NULL THEN
        result := jsonb_build_object('refused', 'RATE_LIMITED', 'details', jsonb_build_object('wait_ms', wait_ms));
      ELSE
        result := hold_places_now(p_event, p_user, p_customer, p_seats, p_sections, p_cooldown, p_ttl);
      END IF;
      FOR attempt IN SELECT * FROM jsonb_to_recordset(p_attempts) AS a(key text, points int, duration int) LOOP
        PERFORM take_attempt(attempt.key, attempt.points, attempt.duration);
      END LOOP;
      RETURN result;
    END $$;

    -- The hold itself, every rule checked under the locks; a refusal (or a seat locked
    -- past lock_places' timeout, by a payment in progress) undoes its writes.
    CREATE FUNCTION hold_places_now(p_event int, p_user int, p_customer text, p_seats int[],
                                    p_sections jsonb, p_cooldown int, p_ttl int)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      e record;
      h holds%ROWTYPE;
      has_hold boolean;
      pending uuid;
      freed jsonb := '{"seat_ids": [], "section_ids": []}';
      wanted int[] := ARRAY(SELECT DISTINCT unnest(p_seats) ORDER BY 1);
      wanted_sections int[] := ARRAY(SELECT (s->>'id')::int FROM jsonb_array_elements(p_sections) s ORDER BY 1);
      standing int := (SELECT COALESCE(sum((s->>'quantity')::int), 0) FROM jsonb_array_elements(p_sections) s);
      places int := 0;
      known int[];
      mine int[];
      taken int[];
      cooling int[];
      cooling_s int;
      foreign_ids int[];
      section record;
      reclaimed int;
      left_places int;
    BEGIN
      BEGIN
        SELECT id, status, max_per_order,
               now() >= COALESCE(sales_start, '-infinity') AND now() < COALESCE(sales_end, starts_at) AS on_sale
          INTO e FROM events WHERE id = p_event FOR KEY SHARE;
        IF NOT FOUND THEN PERFORM inventory_refuse('NOT_FOUND', '{}'); END IF;
        IF e.status <> 'published' OR NOT e.on_sale THEN
          PERFORM inventory_refuse('EVENT_NOT_ON_SALE', jsonb_build_object('status', e.status));
        END IF;
        SELECT * INTO h FROM holds WHERE event_id = p_event AND user_id = p_user AND status = 'active' FOR UPDATE;
        has_hold := FOUND;
        IF has_hold AND h.expires_at <= now() THEN
          freed := end_hold(h.id, 'expired');
          has_hold := false;
        END IF;
        IF has_hold THEN
          IF h.customer_name IS DISTINCT FROM p_customer THEN
            PERFORM inventory_refuse('INVALID_STATE', jsonb_build_object('hold_id', h.id, 'customer_name', h.customer_name));
          END IF;
          SELECT id INTO pending FROM bookings WHERE hold_id = h.id AND status = 'pending' LIMIT 1;
          IF pending IS NOT NULL THEN
            PERFORM inventory_refuse('CHECKING_OUT', jsonb_build_object('booking_id', pending));
          END IF;
          places := (SELECT count(*) FROM event_seats WHERE hold_id = h.id AND status = 'held')
                  + (SELECT COALESCE(sum(quantity), 0) FROM hold_sections WHERE hold_id = h.id);
        END IF;

        PERFORM lock_places(p_event, wanted, wanted_sections);
        SELECT COALESCE(array_agg(seat_id), '{}'),
               COALESCE(array_agg(seat_id) FILTER (WHERE has_hold AND status = 'held' AND hold_id = h.id), '{}')
          INTO known, mine FROM event_seats WHERE event_id = p_event AND seat_id = ANY(wanted);
        IF places + cardinality(wanted) - cardinality(mine) + standing > e.max_per_order THEN
          PERFORM inventory_refuse('HOLD_LIMIT_EXCEEDED', jsonb_build_object('max_per_order', e.max_per_order, 'held', places));
        END IF;
        foreign_ids := ARRAY(SELECT unnest(wanted) EXCEPT SELECT unnest(known) ORDER BY 1);
        IF cardinality(foreign_ids) > 0 THEN
          PERFORM inventory_refuse('NOT_IN_EVENT', jsonb_build_object('seat_ids', foreign_ids));
        END IF;
        SELECT COALESCE(array_agg(seat_id ORDER BY seat_id) FILTER (WHERE seat_status(status, held_until) <> 'available'), '{}'),
               COALESCE(array_agg(seat_id ORDER BY seat_id) FILTER (
                 WHERE seat_status(status, held_until) = 'available' AND released_by = p_user
                   AND released_at + make_interval(secs => p_cooldown) > now()), '{}'),
               (max(ceil(extract(epoch FROM released_at + make_interval(secs => p_cooldown) - now())))
                 FILTER (WHERE seat_status(status, held_until) = 'available' AND released_by = p_user
                           AND released_at + make_interval(secs => p_cooldown) > now()))::int
          INTO taken, cooling, cooling_s
          FROM event_seats WHERE event_id = p_event AND seat_id = ANY(wanted) AND seat_id <> ALL(mine);
        IF cardinality(taken) > 0 THEN
          PERFORM inventory_refuse('SEATS_UNAVAILABLE', jsonb_build_object('seat_ids', taken));
        END IF;
        IF cardinality(cooling) > 0 THEN
          PERFORM inventory_refuse('SEATS_COOLING', jsonb_build_object('seat_ids', cooling, 'retry_after_s', cooling_s));
        END IF;

        IF NOT has_hold THEN
          INSERT INTO holds (id, event_id, user_id, customer_name, expires_at)
          VALUES (gen_random_uuid(), p_event, p_user, p_customer, now() + make_interval(secs => p_ttl))
          RETURNING * INTO h;
        END IF;
        UPDATE event_seats SET status = 'held', hold_id = h.id, held_until = h.expires_at
         WHERE event_id = p_event AND seat_id = ANY(wanted) AND seat_id <> ALL(mine);

        FOR section IN
          SELECT (s->>'id')::int AS id, (s->>'quantity')::int AS quantity
            FROM jsonb_array_elements(p_sections) s ORDER BY 1
        LOOP
          IF p_cooldown > 0 THEN
            SELECT ceil(extract(epoch FROM max(hs.released_at) + make_interval(secs => p_cooldown) - now()))::int
              INTO cooling_s
              FROM hold_sections hs JOIN holds o ON o.id = hs.hold_id
             WHERE hs.event_id = p_event AND hs.section_id = section.id
               AND hs.released_at > now() - make_interval(secs => p_cooldown)
               AND o.user_id = p_user AND o.customer_name IS NULL;
            IF cooling_s > 0 THEN
              PERFORM inventory_refuse('STANDING_COOLING', jsonb_build_object('section_id', section.id, 'retry_after_s', cooling_s));
            END IF;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM event_sections WHERE event_id = p_event AND section_id = section.id) THEN
            PERFORM inventory_refuse('NOT_STANDING', jsonb_build_object('section_id', section.id));
          END IF;
          reclaimed := reclaim_lapsed(p_event, section.id, NULL);
          SELECT capacity - sold - (held - reclaimed) INTO left_places FROM event_sections
           WHERE event_id = p_event AND section_id = section.id;
          IF section.quantity > left_places THEN
            PERFORM inventory_refuse('STANDING_UNAVAILABLE', jsonb_build_object('section_id', section.id, 'available', left_places));
          END IF;
          UPDATE event_sections SET held = held - reclaimed + section.quantity
           WHERE event_id = p_event AND section_id = section.id;
          INSERT INTO hold_sections (hold_id, section_id, event_id, quantity)
          VALUES (h.id, section.id, p_event, section.quantity)
          ON CONFLICT (hold_id, section_id) DO UPDATE SET quantity = hold_sections.quantity + EXCLUDED.quantity;
        END LOOP;

        RETURN hold_json(h.id) || jsonb_build_object(
          'changed_seats', (freed->'seat_ids') || to_jsonb(ARRAY(SELECT unnest(wanted) EXCEPT SELECT unnest(mine) ORDER BY 1)),
          'changed_sections', (freed->'section_ids') || to_jsonb(wanted_sections));
      EXCEPTION
        WHEN SQLSTATE 'SE409' THEN RETURN SQLERRM::jsonb;
        WHEN lock_not_available THEN
          RETURN jsonb_build_object('refused', 'SEATS_BUSY', 'details', jsonb_build_object('retry_after_s', 1));
      END;
    END $$;

    DROP FUNCTION refuse(text, jsonb);
  `);
};

export const down: MigrationFn = async (params) => {
  // Back to the functions as migration 0010 made them.
  await params.context.sequelize.query(`
    DROP FUNCTION hold_places_now(int, int, text, int[], jsonb, int, int);
    DROP FUNCTION inventory_refuse(text, jsonb);
    DROP FUNCTION release_hold(uuid, int, boolean, int[], int[]);
    DROP FUNCTION hold_places(int, int, text, int[], jsonb, int, int, jsonb);
    DROP FUNCTION reclaim_lapsed(int, int, uuid);
    DROP FUNCTION hold_json(uuid);
    DROP FUNCTION end_hold(uuid, text);
    DROP FUNCTION free_hold_places(uuid, boolean, int[], int[]);
    DROP FUNCTION take_attempt(text, int, int);
    DROP FUNCTION lock_places(int, int[], int[]);
  `);
  await inventoryFunctions(params);
};
