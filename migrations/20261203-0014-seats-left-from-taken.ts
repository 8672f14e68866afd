import type { MigrationFn } from '../app/core/migrator.js';
import { SEAT_RULES } from './20261202-0009-seat-rules-in-sql.js';

// Seats left in a section without reading every seat of it (docs/performance.md, "Seats
// left from the taken ones"). Every change set counted the free seats of each section it
// touched, all 1,500 of a large section: 0.5 to 1 ms a section, whatever was sold. Now the
// seats a section sells are counted once, when the event is published (a hall with
// published events keeps its layout: models/hall-layout.ts), and the free ones are those
// less the taken ones, which a partial index holds: 0.03 ms with none taken, 0.3 ms with
// 200, the same as before at 800 of 1,500, dearer beyond (0.86 ms with 1,400 taken).
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE event_seat_counts (
      event_id int NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      section_id int NOT NULL REFERENCES sections(id) ON DELETE RESTRICT,
      seats int NOT NULL CHECK (seats >= 0),
      PRIMARY KEY (event_id, section_id)
    );
    INSERT INTO event_seat_counts (event_id, section_id, seats)
      SELECT es.event_id, s.section_id, count(*)
        FROM event_seats es JOIN seats s ON s.id = es.seat_id GROUP BY es.event_id, s.section_id;

    CREATE INDEX event_seats_taken_idx ON event_seats (event_id, seat_id) WHERE status <> 'available';

    -- Free seats of a seated section: its seats less those held (and not yet run out) or sold.
    CREATE FUNCTION seats_left(p_event int, p_section int) RETURNS int
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT COALESCE(
                 (SELECT seats FROM event_seat_counts
                   WHERE event_id = p_event AND section_id = p_section),
                 -- Published by a process older than this migration (a rolling upgrade):
                 -- no count was made, so its seats are counted here.
                 (SELECT count(*) FROM event_seats es JOIN seats s ON s.id = es.seat_id
                   WHERE es.event_id = p_event AND s.section_id = p_section)::int)
             - (SELECT count(*) FROM event_seats es JOIN seats s ON s.id = es.seat_id
                 WHERE es.event_id = p_event AND es.status <> 'available' AND s.section_id = p_section
                   AND seat_status(es.status, es.held_until) <> 'available')::int
      $$;

    CREATE OR REPLACE FUNCTION seat_change_set(p_event int, p_seats int[], p_sections int[]) RETURNS json
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
                        ELSE seats_left(p_event, c.id) END)
                 ORDER BY c.id)
            FROM sections c
            LEFT JOIN event_sections g ON g.event_id = p_event AND g.section_id = c.id
           WHERE c.id IN (SELECT id FROM touched)), '[]'))
        INTO result;
      RETURN result;
    END $$;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  // Migration 0009's functions again, in the same statement as the drops: one implicit
  // transaction, so no hold ever finds them missing.
  await sequelize.query(`
    DROP FUNCTION seats_left(int, int);
    DROP INDEX event_seats_taken_idx;
    DROP TABLE event_seat_counts;
    DROP FUNCTION seat_change_set(int, int[], int[]);
    DROP FUNCTION standing_left(int, int, int, int);
    DROP FUNCTION seat_status(text, timestamptz);
    ${SEAT_RULES}
  `);
};
