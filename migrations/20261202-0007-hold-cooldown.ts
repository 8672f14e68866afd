import type { MigrationFn } from '../app/core/migrator.js';

// Anti-hoarding (docs/booking.md): a seat remembers who last let it go (released, or let
// their hold lapse) and when, and a hold's standing places when they went back, so that
// person waits HOLD_COOLDOWN_SECONDS before taking them back while everyone else may
// take them at once. Walk-in holds of the box office leave
// no mark. The columns live on the seat row the hold already locks, so the check costs
// no extra statement; released_by is a plain mark, with no foreign key to check and lock.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE event_seats
      ADD COLUMN released_by integer,
      ADD COLUMN released_at timestamptz;
    -- Standing places are counted, not owned, so a hold's own row per section says when
    -- its places went back; the index finds a user's recent ones in a section.
    ALTER TABLE hold_sections ADD COLUMN released_at timestamptz;
    CREATE INDEX hold_sections_released_idx ON hold_sections (event_id, section_id, released_at)
      WHERE released_at IS NOT NULL;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE event_seats DROP COLUMN released_by, DROP COLUMN released_at;
    ALTER TABLE hold_sections DROP COLUMN released_at;
  `);
};
