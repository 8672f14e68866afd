import type { MigrationFn } from '../app/core/migrator.js';

// The version of each published event's seat map (`version` in docs/api.md, Socket.IO): a row of its own,
// not a column on `events`, so bumping it never waits for, or blocks, a change to the
// event itself. Only the seat-change publisher bumps it, once per change set it pushes;
// holds and bookings never write it, so they never queue behind one row per event.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE seat_map_versions (
      event_id integer PRIMARY KEY REFERENCES events ON DELETE CASCADE,
      version bigint NOT NULL DEFAULT 0 CHECK (version >= 0)
    );
    INSERT INTO seat_map_versions (event_id) SELECT id FROM events WHERE published_at IS NOT NULL;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE seat_map_versions');
};
