import type { MigrationFn } from '../app/core/migrator.js';
import { up as inventoryFunctions } from './20261202-0010-inventory-functions.js';
import { up as mends } from './20261202-0011-inventory-mends.js';
import { up as sharded } from './20261202-0012-sharded-address-counters.js';

// The hold and the release with fewer statements inside them (docs/performance.md, "The
// hold statements, leaner"): pg_stat_statements (track = all) under pgbench showed a hold
// + release running about 35 statements, three of them reading back what the hold had
// just written (hold_json), against the bare endpoint's two UPDATEs. Now:
// - the hold reads its seats once under their locks, not twice;
// - a new hold's answer is built from what it has in hand (hold_json_of), not re-read; a
//   whole release answers the ended hold the same way;
// - the attempt counters are read in one statement and counted in one upsert;
// - freeing a hold skips its standing places when it has none.
// The rules, their order and the answers are those of migrations 0010 to 0012.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    -- A hold as clients see it, from its row and its places (hold_json reads them).
    CREATE FUNCTION hold_json_of(h holds, p_seats jsonb, p_sections jsonb) RETURNS jsonb
      LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object(
        'hold', jsonb_build_object('id', h.id, 'event_id', h.event_id, 'user_id', h.user_id,
                                   'customer_name', h.customer_name, 'status', h.status,
                                   'expires_at', h.expires_at, 'extensions', h.extensions,
                                   'lapsed', h.expires_at <= now()),
        'seat_ids', p_seats, 'sections', p_sections)
    $$;

    -- (A hold that is not there answers {hold: null} with no places, as before.)
    CREATE OR REPLACE FUNCTION hold_json(p_hold uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT COALESCE(
        (SELECT hold_json_of(h,
           COALESCE((SELECT jsonb_agg(seat_id ORDER BY seat_id) FROM event_seats
                      WHERE hold_id = p_hold AND status = 'held'), '[]'),
           COALESCE((SELECT jsonb_agg(jsonb_build_object('section_id', section_id, 'quantity', quantity)
                                      ORDER BY section_id)
                       FROM hold_sections WHERE hold_id = p_hold AND quantity > 0), '[]'))
           FROM holds h WHERE h.id = p_hold),
        '{"hold": null, "seat_ids": [], "sections": []}'::jsonb)
    $$;

    CREATE OR REPLACE FUNCTION free_hold_places(p_hold uuid, p_all boolean, p_seats int[], p_sections int[])
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      h holds%ROWTYPE;
      seat_ids int[];
      section_ids int[];
    BEGIN
      SELECT * INTO h FROM holds WHERE id = p_hold;
      SELECT COALESCE((SELECT array_agg(seat_id ORDER BY seat_id) FROM event_seats
                        WHERE hold_id = p_hold AND status = 'held' AND (p_all OR seat_id = ANY(p_seats))), '{}'),
             COALESCE((SELECT array_agg(section_id ORDER BY section_id) FROM hold_sections
                        WHERE hold_id = p_hold AND quantity > 0 AND (p_all OR section_id = ANY(p_sections))), '{}')
        INTO seat_ids, section_ids;
      PERFORM lock_places(h.event_id, seat_ids, section_ids);
      -- Under the locks, a seat still counts as the hold's only if it still is: a lapsed
      -- hold's seat may have been taken by another hold meanwhile.
      WITH freed AS (
        UPDATE event_seats SET status = 'available', hold_id = NULL, held_until = NULL,
               released_by = CASE WHEN h.customer_name IS NULL THEN h.user_id END,
               released_at = LEAST(held_until, now())
         WHERE event_id = h.event_id AND seat_id = ANY(seat_ids) AND hold_id = p_hold AND status = 'held'
        RETURNING seat_id
      )
      SELECT COALESCE(array_agg(seat_id ORDER BY seat_id), '{}') INTO seat_ids FROM freed;
      IF cardinality(section_ids) > 0 THEN
        WITH kept AS (
          SELECT section_id, quantity FROM hold_sections
           WHERE hold_id = p_hold AND section_id = ANY(section_ids) AND quantity > 0
           ORDER BY section_id FOR UPDATE
        ), given AS (
          UPDATE hold_sections hs SET quantity = 0, released_at = LEAST(h.expires_at, now())
            FROM kept WHERE hs.hold_id = p_hold AND hs.section_id = kept.section_id
          RETURNING hs.section_id, kept.quantity
        ), counted AS (
          UPDATE event_sections es SET held = es.held - given.quantity
            FROM given WHERE es.event_id = h.event_id AND es.section_id = given.section_id
          RETURNING es.section_id
        )
        SELECT COALESCE(array_agg(section_id ORDER BY section_id), '{}') INTO section_ids FROM counted;
      END IF;
      RETURN jsonb_build_object('event_id', h.event_id, 'seat_ids', to_jsonb(seat_ids),
                                'section_ids', to_jsonb(section_ids));
    END $$;

    CREATE OR REPLACE FUNCTION hold_places_now(p_event int, p_user int, p_customer text, p_seats int[],
                                    p_sections jsonb, p_cooldown int, p_ttl int)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      e record;
      h holds%ROWTYPE;
      has_hold boolean;
      pending uuid;
      freed jsonb := '{"seat_ids": [], "section_ids": []}';
      wanted int[] := ARRAY(SELECT DISTINCT unnest(p_seats) ORDER BY 1);
      wanted_sections int[] := '{}';
      standing int := 0;
      held_seats int[] := '{}';
      held_standing int := 0;
      known int;
      mine int;
      fresh int[];
      taken int[];
      cooling int[];
      cooling_s int;
      section record;
      reclaimed int;
      left_places int;
    BEGIN
      IF p_sections <> '[]' THEN
        SELECT array_agg((s->>'id')::int ORDER BY (s->>'id')::int), COALESCE(sum((s->>'quantity')::int), 0)
          INTO wanted_sections, standing FROM jsonb_array_elements(p_sections) s;
      END IF;
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
          SELECT (SELECT id FROM bookings WHERE hold_id = h.id AND status = 'pending' LIMIT 1),
                 COALESCE((SELECT array_agg(seat_id ORDER BY seat_id) FROM event_seats
                            WHERE hold_id = h.id AND status = 'held'), '{}'),
                 (SELECT COALESCE(sum(quantity), 0) FROM hold_sections WHERE hold_id = h.id)
            INTO pending, held_seats, held_standing;
          IF pending IS NOT NULL THEN
            PERFORM inventory_refuse('CHECKING_OUT', jsonb_build_object('booking_id', pending));
          END IF;
        END IF;

        PERFORM lock_places(p_event, wanted, wanted_sections);
        -- The wanted seats as they are under their locks: how many are this event's, how
        -- many the hold has already, and of the others which are taken or cooling.
        SELECT count(*),
               count(*) FILTER (WHERE mine_now),
               COALESCE(array_agg(seat_id ORDER BY seat_id) FILTER (WHERE NOT mine_now), '{}'),
               COALESCE(array_agg(seat_id ORDER BY seat_id) FILTER (WHERE NOT mine_now AND NOT free), '{}'),
               COALESCE(array_agg(seat_id ORDER BY seat_id) FILTER (WHERE NOT mine_now AND free AND cools), '{}'),
               max(ceil(extract(epoch FROM released_at + make_interval(secs => p_cooldown) - now())))
                 FILTER (WHERE NOT mine_now AND free AND cools)::int
          INTO known, mine, fresh, taken, cooling, cooling_s
          FROM (SELECT l.seat_id, l.released_at,
                       has_hold AND l.status = 'held' AND l.hold_id = h.id AS mine_now,
                       seat_status(l.status, l.held_until) = 'available' AS free,
                       l.released_by = p_user AND l.released_at + make_interval(secs => p_cooldown) > now() AS cools
                  FROM event_seats l WHERE l.event_id = p_event AND l.seat_id = ANY(wanted)) s;
        IF cardinality(held_seats) + held_standing + cardinality(wanted) - mine + standing > e.max_per_order THEN
          PERFORM inventory_refuse('HOLD_LIMIT_EXCEEDED', jsonb_build_object(
            'max_per_order', e.max_per_order, 'held', cardinality(held_seats) + held_standing));
        END IF;
        IF known < cardinality(wanted) THEN
          PERFORM inventory_refuse('NOT_IN_EVENT', jsonb_build_object('seat_ids',
            ARRAY(SELECT unnest(wanted) EXCEPT SELECT seat_id FROM event_seats
                   WHERE event_id = p_event AND seat_id = ANY(wanted) ORDER BY 1)));
        END IF;
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
        IF cardinality(fresh) > 0 THEN
          UPDATE event_seats SET status = 'held', hold_id = h.id, held_until = h.expires_at
           WHERE event_id = p_event AND seat_id = ANY(fresh);
        END IF;

        IF cardinality(wanted_sections) > 0 THEN
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
        END IF;

        -- A new hold's places are what it just took. A grown one's are read again: its
        -- earlier seats were read before the locks, and one may have lapsed to another
        -- hold while this one waited.
        RETURN CASE WHEN cardinality(held_seats) = 0 AND held_standing = 0 AND cardinality(wanted_sections) = 0
                    THEN hold_json_of(h, to_jsonb(fresh), '[]') ELSE hold_json(h.id) END
          || jsonb_build_object('changed_seats', (freed->'seat_ids') || to_jsonb(fresh),
                                'changed_sections', (freed->'section_ids') || to_jsonb(wanted_sections));
      EXCEPTION
        WHEN SQLSTATE 'SE409' THEN RETURN SQLERRM::jsonb;
        WHEN lock_not_available THEN
          RETURN jsonb_build_object('refused', 'SEATS_BUSY', 'details', jsonb_build_object('retry_after_s', 1));
      END;
    END $$;

    CREATE OR REPLACE FUNCTION hold_places(p_event int, p_user int, p_customer text, p_seats int[],
                                p_sections jsonb, p_cooldown int, p_ttl int, p_attempts jsonb)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
      wait_ms bigint;
      result jsonb;
    BEGIN
      -- One user's holds for one event, one at a time: a second first hold finds the first.
      PERFORM pg_advisory_xact_lock(p_event, p_user);
      -- The counters are read here and counted at the end: an address's rows are shared by
      -- the holds from it, so they are locked only for the moment before the commit. The
      -- first counter past its limit answers, until its window (a group's, when sharded) ends.
      IF p_attempts <> '[]' THEN
        SELECT w.wait INTO wait_ms
          FROM ROWS FROM (jsonb_to_recordset(p_attempts)
                 AS (key text, points int, duration int, "group" text, shards int))
                 WITH ORDINALITY AS a(key, points, duration, "group", shards, n),
               LATERAL (SELECT min(expire) - now_ms AS wait FROM rate_limits
                         WHERE key = ANY(CASE WHEN a.shards IS NULL THEN ARRAY[a.key]
                                         ELSE ARRAY(SELECT a."group" || i FROM generate_series(0, a.shards - 1) i) END)
                           AND expire > now_ms
                        HAVING sum(points) >= a.points) w
         ORDER BY a.n LIMIT 1;
      END IF;
      IF wait_ms IS NOT NULL THEN
        result := jsonb_build_object('refused', 'RATE_LIMITED', 'details', jsonb_build_object('wait_ms', wait_ms));
      ELSE
        result := hold_places_now(p_event, p_user, p_customer, p_seats, p_sections, p_cooldown, p_ttl);
      END IF;
      -- One attempt on each counter (a key named twice counts twice), as take_attempt and
      -- take_attempt_until count it.
      IF p_attempts <> '[]' THEN
        now_ms := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
        INSERT INTO rate_limits AS r (key, points, expire)
        SELECT a.key, count(*), CASE WHEN min(a.shards) IS NULL THEN now_ms + min(a.duration) * 1000
                                     ELSE group_window_end(min(a."group"), min(a.duration), now_ms) END
          FROM jsonb_to_recordset(p_attempts) AS a(key text, duration int, "group" text, shards int)
         GROUP BY a.key ORDER BY a.key
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire <= now_ms THEN EXCLUDED.points ELSE r.points + EXCLUDED.points END,
          expire = CASE WHEN r.expire <= now_ms THEN EXCLUDED.expire ELSE r.expire END;
      END IF;
      RETURN result;
    END $$;

    CREATE OR REPLACE FUNCTION release_hold(p_hold uuid, p_user int, p_any_user boolean, p_seats int[], p_sections int[])
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      h holds%ROWTYPE;
      partial boolean := p_seats IS NOT NULL OR p_sections IS NOT NULL;
      freed jsonb := NULL;
      result jsonb;
    BEGIN
      SELECT * INTO h FROM holds WHERE id = p_hold FOR UPDATE;
      IF NOT FOUND OR (NOT p_any_user AND h.user_id IS DISTINCT FROM p_user) THEN
        RETURN jsonb_build_object('refused', 'NOT_FOUND', 'details', '{}'::jsonb);
      END IF;
      IF h.status <> 'active' THEN
        -- Answered as it is, with nothing.
        RETURN hold_json_of(h, '[]', '[]') || jsonb_build_object('changes', NULL);
      END IF;
      IF NOT partial THEN
        freed := end_hold(p_hold, 'released');
        h.status := 'released';
        RETURN hold_json_of(h, '[]', '[]') || jsonb_build_object('changes', freed);
      END IF;
      freed := free_hold_places(p_hold, false, COALESCE(p_seats, '{}'), COALESCE(p_sections, '{}'));
      result := hold_json(p_hold);
      IF result->'seat_ids' = '[]' AND result->'sections' = '[]' THEN
        UPDATE holds SET status = 'released', updated_at = now() WHERE id = p_hold;
        h.status := 'released';
        result := hold_json_of(h, '[]', '[]');
      END IF;
      RETURN result || jsonb_build_object('changes', freed);
    END $$;
  `);
};

export const down: MigrationFn = async (params) => {
  // Back to the functions as migrations 0010 to 0012 left them: each of their ups again,
  // on a clean slate (0011 and 0012 build on what the one before made).
  await params.context.sequelize.query(`
    DROP FUNCTION hold_json_of(holds, jsonb, jsonb);
    DROP FUNCTION take_attempt_until(text, bigint);
    DROP FUNCTION group_window_end(text, int, bigint);
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
  await mends(params);
  await sharded(params);
};
