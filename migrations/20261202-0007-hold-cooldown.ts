import type { MigrationFn } from '../app/core/migrator.js';

// Anti-hoarding (docs/booking.md): a seat remembers who last let it go (released, or let
// their hold lapse) and when, so that person waits HOLD_COOLDOWN_SECONDS before taking
// it back while everyone else may take it at once. Walk-in holds of the box office leave
// no mark. The columns live on the seat row the hold already locks, so the check costs
// no extra statement; released_by is a plain mark, with no foreign key to check and lock.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE event_seats
      ADD COLUMN released_by integer,
      ADD COLUMN released_at timestamptz;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE event_seats DROP COLUMN released_by, DROP COLUMN released_at');
};
