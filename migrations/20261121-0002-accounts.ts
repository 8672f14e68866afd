import type { MigrationFn } from '../app/core/migrator.js';

// Accounts (docs/security.md): authenticator secrets, recovery codes, API tokens, socket login
// tokens, sessions (connect-pg-simple's table), attempt counters (rate-limiter-flexible's
// table) and the audit log.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE users
      ADD COLUMN totp_secret text NOT NULL DEFAULT '',
      ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
    ALTER TABLE users ALTER COLUMN totp_secret DROP DEFAULT;

    CREATE TABLE recovery_codes (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
      code_lookup text NOT NULL,
      code_hash text NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX recovery_codes_lookup_idx ON recovery_codes (user_id, code_lookup) WHERE used_at IS NULL;

    CREATE TABLE api_tokens (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      token_hash text NOT NULL CONSTRAINT api_tokens_hash_key UNIQUE,
      last_used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

    CREATE TABLE login_tokens (
      token_hash text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
      details jsonb NOT NULL DEFAULT '{}',
      expires_at timestamptz NOT NULL
    );

    CREATE TABLE sessions (
      sid varchar NOT NULL COLLATE "default" PRIMARY KEY,
      sess json NOT NULL,
      expire timestamp(6) NOT NULL
    );
    CREATE INDEX sessions_expire_idx ON sessions (expire);
    CREATE INDEX sessions_user_idx ON sessions (((sess -> 'auth' ->> 'user_id')::int));

    CREATE TABLE rate_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor_id integer REFERENCES users ON DELETE SET NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP TABLE audit_log, rate_limits, sessions, login_tokens, api_tokens, recovery_codes;
    ALTER TABLE users DROP COLUMN totp_secret, DROP COLUMN totp_last_step;
  `);
};
