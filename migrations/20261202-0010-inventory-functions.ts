import type { MigrationFn } from '../app/core/migrator.js';

// The inventory's moves as server-side functions (app/models/inventory/): one lock
// function that every writer of places calls, and a hold and a release that are each one
// statement, so a hold holds no pooled connection across round trips while its rows are
// locked. Refusals come back as JSON ({refused: CODE, details}); the hold's writes are
// undone by a subtransaction, its attempt counters are not (an attempt counts either way).
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    -- The one place locks on places are taken: seats of an event in seat order, then its
    -- section counters in section order, under a short lock timeout (a wait that long is a
    -- fault, not a queue: it ends as 55P03, which the caller retries).
    CREATE FUNCTION lock_places(p_event int, p_seats int[], p_sections int[]) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM set_config('lock_timeout', '5s', true);
      PERFORM 1 FROM event_seats WHERE event_id = p_event AND seat_id = ANY(p_seats)
        ORDER BY seat_id FOR UPDATE;
      PERFORM 1 FROM event_sections WHERE event_id = p_event AND section_id = ANY(p_sections)
        ORDER BY section_id FOR UPDATE;
    END $$;

    -- One attempt from a fixed-window counter of the rate_limits table, written as
    -- rate-limiter-flexible writes it (key, points, expire in epoch ms): the milliseconds
    -- until the window ends when the counter is past p_points, else null.
    CREATE FUNCTION take_attempt(p_key text, p_points int, p_duration int) RETURNS bigint
      LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
      counted rate_limits%ROWTYPE;
    BEGIN
      INSERT INTO rate_limits (key, points, expire) VALUES (p_key, 1, now_ms + p_duration * 1000)
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN rate_limits.expire <= now_ms THEN 1 ELSE rate_limits.points + 1 END,
          expire = CASE WHEN rate_limits.expire <= now_ms THEN EXCLUDED.expire ELSE rate_limits.expire END
        RETURNING * INTO counted;
      RETURN CASE WHEN counted.points > p_points THEN counted.expire - now_ms END;
    END $$;

    -- Gives a hold's places back: all of them, or the seats and standing sections named.
    -- Who let seats go, and when (the moment a lapsed hold ran out), is kept for the
    -- cool-down; a walk-in hold of the box office leaves no mark. Answers what changed.
    CREATE FUNCTION free_hold_places(p_hold uuid, p_all boolean, p_seats int[], p_sections int[])
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      h holds%ROWTYPE;
      seat_ids int[];
      section_ids int[];
    BEGIN
      SELECT * INTO h FROM holds WHERE id = p_hold;
      SELECT COALESCE(array_agg(seat_id ORDER BY seat_id), '{}') INTO seat_ids FROM event_seats
       WHERE hold_id = p_hold AND status = 'held' AND (p_all OR seat_id = ANY(p_seats));
      SELECT COALESCE(array_agg(section_id ORDER BY section_id), '{}') INTO section_ids FROM hold_sections
       WHERE hold_id = p_hold AND quantity > 0 AND (p_all OR section_id = ANY(p_sections));
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
      RETURN jsonb_build_object('event_id', h.event_id, 'seat_ids', to_jsonb(seat_ids),
                                'section_ids', to_jsonb(section_ids));
    END $$;

    -- Ends a hold (released by its owner, expired, or booked) with all its places back.
    CREATE FUNCTION end_hold(p_hold uuid, p_status text) RETURNS jsonb
      LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      freed jsonb := free_hold_places(p_hold, true, '{}', '{}');
    BEGIN
      UPDATE holds SET status = p_status, updated_at = now() WHERE id = p_hold;
      RETURN freed;
    END $$;

    -- A hold as clients see it: the row (with whether its time is up), its seats and its
    -- standing places.
    CREATE FUNCTION hold_json(p_hold uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object(
        'hold', (SELECT to_jsonb(h) || jsonb_build_object('lapsed', h.expires_at <= now())
                   FROM (SELECT id, event_id, user_id, customer_name, status, expires_at, extensions
                           FROM holds WHERE id = p_hold) h),
        'seat_ids', COALESCE((SELECT jsonb_agg(seat_id ORDER BY seat_id) FROM event_seats
                               WHERE hold_id = p_hold AND status = 'held'), '[]'),
        'sections', COALESCE((SELECT jsonb_agg(jsonb_build_object('section_id', section_id, 'quantity', quantity)
                                               ORDER BY section_id)
                                FROM hold_sections WHERE hold_id = p_hold AND quantity > 0), '[]'))
    $$;

    CREATE FUNCTION refuse(p_code text, p_details jsonb) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION USING ERRCODE = 'SE409',
        MESSAGE = jsonb_build_object('refused', p_code, 'details', p_details)::text;
    END $$;

    -- Holds seats and standing places for a user, all or none (docs/booking.md): the user's
    -- active hold for the event grows (without changing its expiry), else a new one
    -- starts with p_ttl seconds. The rules, in the order their refusals are given: the
    -- attempt counters (p_attempts: [{key, points, duration}]), the event on sale, one open
    -- hold per user and event (a walk-in's is the clerk's, named p_customer), no places
    -- added while its booking waits for payment, max_per_order, seats of this event, free
    -- (seat_status), not let go by this user less than p_cooldown seconds ago, and for each
    -- standing section (p_sections: [{id, quantity}]) its cool-down and the places left.
    CREATE FUNCTION hold_places(p_event int, p_user int, p_customer text, p_seats int[],
                                p_sections jsonb, p_cooldown int, p_ttl int, p_attempts jsonb)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      attempt record;
      wait_ms bigint;
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
      FOR attempt IN SELECT * FROM jsonb_to_recordset(p_attempts) AS a(key text, points int, duration int) LOOP
        wait_ms := take_attempt(attempt.key, attempt.points, attempt.duration);
        IF wait_ms IS NOT NULL THEN
          RETURN jsonb_build_object('refused', 'RATE_LIMITED', 'details', jsonb_build_object('wait_ms', wait_ms));
        END IF;
      END LOOP;
      BEGIN
        SELECT id, status, max_per_order,
               now() >= COALESCE(sales_start, '-infinity') AND now() < COALESCE(sales_end, starts_at) AS on_sale
          INTO e FROM events WHERE id = p_event FOR KEY SHARE;
        IF NOT FOUND THEN PERFORM refuse('NOT_FOUND', '{}'); END IF;
        IF e.status <> 'published' OR NOT e.on_sale THEN
          PERFORM refuse('EVENT_NOT_ON_SALE', jsonb_build_object('status', e.status));
        END IF;
        SELECT * INTO h FROM holds WHERE event_id = p_event AND user_id = p_user AND status = 'active' FOR UPDATE;
        has_hold := FOUND;
        IF has_hold AND h.expires_at <= now() THEN
          freed := end_hold(h.id, 'expired');
          has_hold := false;
        END IF;
        IF has_hold THEN
          IF h.customer_name IS DISTINCT FROM p_customer THEN
            PERFORM refuse('INVALID_STATE', jsonb_build_object('hold_id', h.id, 'customer_name', h.customer_name));
          END IF;
          SELECT id INTO pending FROM bookings WHERE hold_id = h.id AND status = 'pending' LIMIT 1;
          IF pending IS NOT NULL THEN
            PERFORM refuse('CHECKING_OUT', jsonb_build_object('booking_id', pending));
          END IF;
          places := (SELECT count(*) FROM event_seats WHERE hold_id = h.id AND status = 'held')
                  + (SELECT COALESCE(sum(quantity), 0) FROM hold_sections WHERE hold_id = h.id);
        END IF;

        PERFORM lock_places(p_event, wanted, wanted_sections);
        SELECT COALESCE(array_agg(seat_id), '{}'),
               COALESCE(array_agg(seat_id) FILTER (WHERE has_hold AND status = 'held' AND hold_id = h.id), '{}')
          INTO known, mine FROM event_seats WHERE event_id = p_event AND seat_id = ANY(wanted);
        IF places + cardinality(wanted) - cardinality(mine) + standing > e.max_per_order THEN
          PERFORM refuse('HOLD_LIMIT_EXCEEDED', jsonb_build_object('max_per_order', e.max_per_order, 'held', places));
        END IF;
        foreign_ids := ARRAY(SELECT unnest(wanted) EXCEPT SELECT unnest(known) ORDER BY 1);
        IF cardinality(foreign_ids) > 0 THEN
          PERFORM refuse('NOT_IN_EVENT', jsonb_build_object('seat_ids', foreign_ids));
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
          PERFORM refuse('SEATS_UNAVAILABLE', jsonb_build_object('seat_ids', taken));
        END IF;
        IF cardinality(cooling) > 0 THEN
          PERFORM refuse('SEATS_COOLING', jsonb_build_object('seat_ids', cooling, 'retry_after_s', cooling_s));
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
              PERFORM refuse('STANDING_COOLING', jsonb_build_object('section_id', section.id, 'retry_after_s', cooling_s));
            END IF;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM event_sections WHERE event_id = p_event AND section_id = section.id) THEN
            PERFORM refuse('NOT_STANDING', jsonb_build_object('section_id', section.id));
          END IF;
          reclaimed := reclaim_lapsed(p_event, section.id, NULL);
          SELECT capacity - sold - (held - reclaimed) INTO left_places FROM event_sections
           WHERE event_id = p_event AND section_id = section.id;
          IF section.quantity > left_places THEN
            PERFORM refuse('STANDING_UNAVAILABLE', jsonb_build_object('section_id', section.id, 'available', left_places));
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
      EXCEPTION WHEN SQLSTATE 'SE409' THEN
        RETURN SQLERRM::jsonb;
      END;
    END $$;

    -- Gives the places of expired holds in a standing section back (the caller holds the
    -- section's counter lock); answers how many. Their holds stay for the sweeper to end.
    -- A hold whose places are being bought (p_buying) is not letting them go: no cool-down mark.
    CREATE FUNCTION reclaim_lapsed(p_event int, p_section int, p_buying uuid) RETURNS int
      LANGUAGE sql VOLATILE AS $$
      WITH lapsed AS (
        SELECT hs.hold_id, hs.quantity, h.expires_at FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
         WHERE hs.event_id = p_event AND hs.section_id = p_section AND hs.quantity > 0
           AND (h.status <> 'active' OR h.expires_at <= now())
         FOR UPDATE OF hs
      ), cleared AS (
        UPDATE hold_sections hs SET quantity = 0,
               released_at = CASE WHEN hs.hold_id IS NOT DISTINCT FROM p_buying THEN hs.released_at
                                  ELSE LEAST(lapsed.expires_at, now()) END
          FROM lapsed
         WHERE hs.hold_id = lapsed.hold_id AND hs.section_id = p_section
      )
      SELECT COALESCE(sum(quantity), 0)::int FROM lapsed
    $$;

    -- Releases a hold's named seats and standing sections, or all of it (both lists null),
    -- for its owner, or for anyone when p_any_user (the policy's say); a hold left with no
    -- places ends. A hold that is no longer active is answered as it is.
    CREATE FUNCTION release_hold(p_hold uuid, p_user int, p_any_user boolean, p_seats int[], p_sections int[])
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      h holds%ROWTYPE;
      partial boolean := p_seats IS NOT NULL OR p_sections IS NOT NULL;
      freed jsonb := NULL;
      result jsonb;
    BEGIN
      SELECT * INTO h FROM holds WHERE id = p_hold FOR UPDATE;
      IF NOT FOUND OR (NOT p_any_user AND h.user_id <> p_user) THEN
        RETURN jsonb_build_object('refused', 'NOT_FOUND', 'details', '{}'::jsonb);
      END IF;
      IF h.status = 'active' THEN
        IF partial THEN
          freed := free_hold_places(p_hold, false, COALESCE(p_seats, '{}'), COALESCE(p_sections, '{}'));
        ELSE
          freed := end_hold(p_hold, 'released');
        END IF;
      END IF;
      result := hold_json(p_hold);
      IF partial AND h.status = 'active' AND result->'seat_ids' = '[]' AND result->'sections' = '[]' THEN
        UPDATE holds SET status = 'released', updated_at = now() WHERE id = p_hold;
        result := hold_json(p_hold);
      END IF;
      IF h.status <> 'active' THEN
        result := result || '{"seat_ids": [], "sections": []}';
      END IF;
      RETURN result || jsonb_build_object('changes', freed);
    END $$;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP FUNCTION release_hold(uuid, int, boolean, int[], int[]);
    DROP FUNCTION hold_places(int, int, text, int[], jsonb, int, int, jsonb);
    DROP FUNCTION reclaim_lapsed(int, int, uuid);
    DROP FUNCTION refuse(text, jsonb);
    DROP FUNCTION hold_json(uuid);
    DROP FUNCTION end_hold(uuid, text);
    DROP FUNCTION free_hold_places(uuid, boolean, int[], int[]);
    DROP FUNCTION take_attempt(text, int, int);
    DROP FUNCTION lock_places(int, int[], int[]);
  `);
};
