import type { MigrationFn } from '../app/core/migrator.js';

// Accounts hardened (docs/security.md): API tokens get scopes, an expiry and the address
// of their last use; users keep a count of wrong sign-in codes since their last sign-in,
// to show them. Tokens made before scopes existed were full power and never expired:
// they keep read and write for 30 more days, so their users have time to replace them.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE api_tokens
      ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,write}'
        CHECK (cardinality(scopes) > 0 AND scopes <@ '{read,write,admin}'),
      ADD COLUMN expires_at timestamptz,
      ADD COLUMN last_used_ip text;
    UPDATE api_tokens SET expires_at = now() + interval '30 days';
    ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL,
      ALTER COLUMN scopes SET DEFAULT '{read}';

    ALTER TABLE users
      ADD COLUMN failed_codes integer NOT NULL DEFAULT 0 CHECK (failed_codes >= 0),
      ADD COLUMN failed_code_at timestamptz;
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE api_tokens DROP COLUMN scopes, DROP COLUMN expires_at, DROP COLUMN last_used_ip;
    ALTER TABLE users DROP COLUMN failed_codes, DROP COLUMN failed_code_at;
  `);
};
