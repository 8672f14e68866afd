import type { MigrationFn } from '../app/core/migrator.js';

// Usernames are stored lower-cased, so a plain unique constraint makes them
// case-insensitively unique; the check keeps the username alphabet of docs/security.md in the database too.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE users (
      id serial PRIMARY KEY,
      username text NOT NULL,
      role text NOT NULL DEFAULT 'customer',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_username_key UNIQUE (username),
      CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
      CONSTRAINT users_role_check CHECK (role IN ('customer', 'organizer', 'staff', 'admin'))
    )
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE users');
};
