import type { MigrationFn } from '../app/core/migrator.js';

// The rules of a place's state, as SQL functions every query calls (app/models/seat-state.ts),
// and the change set of a seat map as one server-side function (app/models/seat-changes.ts).
// seat_status is a plain expression, which the planner inlines; standing_left holds a
// subquery and runs as a call (it is read for a handful of standing sections at most).
export const SEAT_RULES = `
    -- A held seat whose time is up reads as available, whether or not the sweeper has run.
    CREATE FUNCTION seat_status(status text, held_until timestamptz) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN status = 'held' AND held_until <= now() THEN 'available' ELSE status END
      $$;

    -- Standing places left in a section: capacity less sold and less the places of live holds.
    CREATE FUNCTION standing_left(event_id int, section_id int, capacity int, sold int) RETURNS int
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT capacity - sold - COALESCE((
          SELECT sum(hs.quantity) FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
           WHERE hs.event_id = standing_left.event_id AND hs.section_id = standing_left.section_id
             AND hs.quantity > 0 AND h.status = 'active' AND h.expires_at > now()), 0)::int
      $$;

    -- The next change set of an event's map, or null for an event without one. The version
    -- row's lock is taken first and kept to the end, and each statement of a volatile
    -- function sees a fresh snapshot, so the states read are at least as new as those of
    -- the version before: change sets from several processes stay in order.
    CREATE FUNCTION seat_change_set(p_event int, p_seats int[], p_sections int[]) RETURNS json
      LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      next_version bigint;
      result json;
    BEGIN
      UPDATE seat_map_versions SET version = version + 1 WHERE event_id = p_event
        RETURNING version INTO next_version;
      IF NOT FOUND THEN RETURN NULL; END IF;
      WITH changed AS (
        SELECT es.seat_id AS id, s.section_id, seat_status(es.status, es.held_until) AS status
          FROM event_seats es JOIN seats s ON s.id = es.seat_id
         WHERE es.event_id = p_event AND es.seat_id = ANY(p_seats)
      ), touched AS (
        SELECT section_id AS id FROM changed UNION SELECT unnest(p_sections)
      )
      SELECT json_build_object(
        'event_id', p_event,
        'version', next_version,
        'seats', COALESCE((SELECT json_agg(json_build_object('id', id, 'status', status) ORDER BY id)
                             FROM changed), '[]'),
        'sections', COALESCE((
          SELECT json_agg(json_build_object('id', c.id, 'available',
                   CASE WHEN c.kind = 'general_admission'
                        THEN standing_left(g.event_id, g.section_id, g.capacity, g.sold)
                        ELSE (SELECT count(*) FROM event_seats es JOIN seats s ON s.id = es.seat_id
                               WHERE es.event_id = p_event AND s.section_id = c.id
                                 AND seat_status(es.status, es.held_until) = 'available')::int END)
                 ORDER BY c.id)
            FROM sections c
            LEFT JOIN event_sections g ON g.event_id = p_event AND g.section_id = c.id
           WHERE c.id IN (SELECT id FROM touched)), '[]'))
        INTO result;
      RETURN result;
    END $$;
`;

export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(SEAT_RULES);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP FUNCTION seat_change_set(int, int[], int[]);
    DROP FUNCTION standing_left(int, int, int, int);
    DROP FUNCTION seat_status(text, timestamptz);
  `);
};
