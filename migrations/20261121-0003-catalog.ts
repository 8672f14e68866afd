import type { MigrationFn } from '../app/core/migrator.js';

// The catalog (docs/api.md: JSON, Seat layouts): venues, halls, sections, seats; events in a hall with a price
// per section; and each published event's inventory: one row per seat, one counter row
// per general-admission section. Inventory rows reference seats ON DELETE RESTRICT, so a
// hall with published events cannot lose a seat, whatever the code above tries.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE venues (
      id serial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      address text NOT NULL DEFAULT '',
      timezone text NOT NULL DEFAULT 'UTC',
      created_by integer REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT venues_name_key UNIQUE (name)
    );

    CREATE TABLE halls (
      id serial PRIMARY KEY,
      venue_id integer NOT NULL REFERENCES venues ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT halls_venue_name_key UNIQUE (venue_id, name)
    );

    CREATE TABLE sections (
      id serial PRIMARY KEY,
      hall_id integer NOT NULL REFERENCES halls ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      kind text NOT NULL CHECK (kind IN ('seated', 'general_admission')),
      capacity integer NOT NULL CHECK (capacity > 0),
      position integer NOT NULL DEFAULT 0,
      area jsonb,
      CONSTRAINT sections_hall_name_key UNIQUE (hall_id, name)
    );

    CREATE TABLE seats (
      id serial PRIMARY KEY,
      section_id integer NOT NULL REFERENCES sections ON DELETE CASCADE,
      row_label text NOT NULL CHECK (length(row_label) BETWEEN 1 AND 8),
      number integer NOT NULL CHECK (number > 0),
      x real NOT NULL,
      y real NOT NULL,
      accessible boolean NOT NULL DEFAULT false,
      companion boolean NOT NULL DEFAULT false,
      CONSTRAINT seats_label_key UNIQUE (section_id, row_label, number)
    );

    CREATE TABLE events (
      id serial PRIMARY KEY,
      hall_id integer NOT NULL REFERENCES halls ON DELETE RESTRICT,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      image_url text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      sales_start timestamptz,
      sales_end timestamptz,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
      max_per_order integer NOT NULL DEFAULT 10 CHECK (max_per_order BETWEEN 1 AND 100),
      series_id uuid,
      created_by integer REFERENCES users ON DELETE SET NULL,
      published_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_time_order CHECK (ends_at > starts_at),
      CONSTRAINT events_sales_order CHECK (sales_start IS NULL OR sales_end IS NULL OR sales_end > sales_start)
    );
    CREATE INDEX events_listing_idx ON events (status, starts_at);
    CREATE INDEX events_series_idx ON events (series_id) WHERE series_id IS NOT NULL;

    CREATE TABLE event_prices (
      event_id integer NOT NULL REFERENCES events ON DELETE CASCADE,
      section_id integer NOT NULL REFERENCES sections ON DELETE RESTRICT,
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      PRIMARY KEY (event_id, section_id)
    );

    CREATE TABLE event_seats (
      event_id integer NOT NULL REFERENCES events ON DELETE CASCADE,
      seat_id integer NOT NULL REFERENCES seats ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'booked')),
      PRIMARY KEY (event_id, seat_id)
    );
    -- The ON DELETE RESTRICT check on seats looks rows up by seat.
    CREATE INDEX event_seats_seat_idx ON event_seats (seat_id);

    CREATE TABLE event_sections (
      event_id integer NOT NULL REFERENCES events ON DELETE CASCADE,
      section_id integer NOT NULL REFERENCES sections ON DELETE RESTRICT,
      capacity integer NOT NULL CHECK (capacity > 0),
      held integer NOT NULL DEFAULT 0 CHECK (held >= 0),
      sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
      PRIMARY KEY (event_id, section_id),
      CONSTRAINT event_sections_within_capacity CHECK (held + sold <= capacity)
    );
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(
    'DROP TABLE event_sections, event_seats, event_prices, events, seats, sections, halls, venues',
  );
};
