import type { MigrationFn } from '../app/core/migrator.js';

// Recovery codes are 50 random bits: their keyed HMAC-SHA-256 (code_lookup, key from
// SECRET_KEY) cannot be reversed or guessed offline without the key, so the bcrypt hash
// beside it only cost 1.2 s of CPU per sign-up (docs/performance.md). Existing codes keep
// working: their lookup is the same HMAC.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`ALTER TABLE recovery_codes DROP COLUMN code_hash`);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  // The codes themselves are gone, so the old hashes cannot be rebuilt: a rollback
  // leaves every user to make new recovery codes.
  await sequelize.query(`
    DELETE FROM recovery_codes;
    ALTER TABLE recovery_codes ADD COLUMN code_hash text NOT NULL;
  `);
};
