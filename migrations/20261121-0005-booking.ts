import type { MigrationFn } from '../app/core/migrator.js';

// Booking (docs/booking.md): holds on seats and standing places, bookings made from them,
// payments, tickets, coupons and idempotency keys. The rules that keep a seat from being
// sold twice live in the rows themselves as far as PostgreSQL can say them: a seat row is
// held by exactly one hold or booked by exactly one booking, a standing section never
// holds and sells more than its capacity, and a seat has at most one valid ticket.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE holds (
      id uuid PRIMARY KEY,
      event_id integer NOT NULL REFERENCES events ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
      customer_name text CHECK (length(customer_name) <= 120),
      status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'released', 'expired', 'booked')),
      expires_at timestamptz NOT NULL,
      extensions integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One active hold per user and event; holding more seats grows it.
    CREATE UNIQUE INDEX holds_one_active_idx ON holds (event_id, user_id) WHERE status = 'active';
    CREATE INDEX holds_expiry_idx ON holds (expires_at) WHERE status = 'active';

    -- Standing places a hold has, per section. quantity drops to 0 when the places go
    -- back to the section after the hold expired.
    CREATE TABLE hold_sections (
      hold_id uuid NOT NULL REFERENCES holds ON DELETE CASCADE,
      section_id integer NOT NULL REFERENCES sections,
      event_id integer NOT NULL REFERENCES events ON DELETE CASCADE,
      quantity integer NOT NULL CHECK (quantity >= 0),
      PRIMARY KEY (hold_id, section_id)
    );
    CREATE INDEX hold_sections_section_idx ON hold_sections (event_id, section_id) WHERE quantity > 0;

    CREATE TABLE coupons (
      id serial PRIMARY KEY,
      code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{3,32}$'),
      kind text NOT NULL CHECK (kind IN ('percent', 'fixed')),
      amount integer NOT NULL CHECK (amount > 0),
      currency char(3),
      valid_from timestamptz,
      valid_until timestamptz,
      usage_limit integer CHECK (usage_limit > 0),
      used_count integer NOT NULL DEFAULT 0 CHECK (used_count >= 0),
      active boolean NOT NULL DEFAULT true,
      created_by integer REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT coupons_code_key UNIQUE (code),
      CONSTRAINT coupons_percent_range CHECK (kind <> 'percent' OR amount <= 100),
      CONSTRAINT coupons_fixed_currency CHECK ((kind = 'fixed') = (currency IS NOT NULL)),
      CONSTRAINT coupons_within_limit CHECK (usage_limit IS NULL OR used_count <= usage_limit),
      CONSTRAINT coupons_window CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_until > valid_from)
    );

    CREATE TABLE bookings (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      event_id integer NOT NULL REFERENCES events,
      user_id integer NOT NULL REFERENCES users,
      hold_id uuid REFERENCES holds ON DELETE SET NULL,
      customer_name text,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'confirmed', 'cancelled', 'expired')),
      subtotal_cents integer NOT NULL CHECK (subtotal_cents >= 0),
      discount_cents integer NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
      total_cents integer NOT NULL CHECK (total_cents >= 0),
      currency char(3) NOT NULL,
      coupon_id integer REFERENCES coupons,
      version integer NOT NULL DEFAULT 1,
      expires_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT bookings_code_key UNIQUE (code),
      CONSTRAINT bookings_total CHECK (total_cents = subtotal_cents - discount_cents)
    );
    CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC);
    CREATE INDEX bookings_event_idx ON bookings (event_id, status);
    CREATE INDEX bookings_unpaid_idx ON bookings (expires_at) WHERE status = 'pending';

    -- What a booking is for: one row per seat, or per standing section with a quantity.
    CREATE TABLE booking_items (
      id serial PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings ON DELETE CASCADE,
      section_id integer NOT NULL REFERENCES sections,
      seat_id integer REFERENCES seats,
      quantity integer NOT NULL CHECK (quantity > 0),
      unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
      CONSTRAINT booking_items_seat_is_one CHECK (seat_id IS NULL OR quantity = 1)
    );
    CREATE INDEX booking_items_booking_idx ON booking_items (booking_id);

    -- Who has each seat: a hold (until held_until) or a booking, never both, never neither
    -- while it is not available.
    ALTER TABLE event_seats
      ADD COLUMN hold_id uuid REFERENCES holds ON DELETE SET NULL,
      ADD COLUMN held_until timestamptz,
      ADD COLUMN booking_id uuid REFERENCES bookings,
      ADD CONSTRAINT event_seats_owner CHECK (
        (status = 'available' AND booking_id IS NULL)
        OR (status = 'held' AND hold_id IS NOT NULL AND held_until IS NOT NULL AND booking_id IS NULL)
        OR (status = 'booked' AND booking_id IS NOT NULL)
      );
    CREATE INDEX event_seats_hold_idx ON event_seats (hold_id) WHERE hold_id IS NOT NULL;
    CREATE INDEX event_seats_booking_idx ON event_seats (booking_id) WHERE booking_id IS NOT NULL;

    CREATE TABLE payments (
      id serial PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings ON DELETE CASCADE,
      provider text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
      -- A refund is written 'pending' with the cancellation, and settled with the provider
      -- after the commit (or by the sweeper, if that failed).
      status text NOT NULL CHECK (status IN ('succeeded', 'declined', 'pending')),
      amount_cents integer NOT NULL CHECK (amount_cents >= 0),
      currency char(3) NOT NULL,
      reference text NOT NULL,
      -- A refund names the charge it gives back: one refund per charge.
      refund_of integer REFERENCES payments,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payments_refund_names_charge CHECK ((kind = 'refund') = (refund_of IS NOT NULL)),
      CONSTRAINT payments_one_refund_per_charge UNIQUE (refund_of)
    );
    CREATE INDEX payments_booking_idx ON payments (booking_id);
    CREATE INDEX payments_pending_idx ON payments (id) WHERE status = 'pending';

    CREATE TABLE tickets (
      id serial PRIMARY KEY,
      code text NOT NULL,
      booking_id uuid NOT NULL REFERENCES bookings ON DELETE CASCADE,
      event_id integer NOT NULL REFERENCES events,
      section_id integer NOT NULL REFERENCES sections,
      seat_id integer REFERENCES seats,
      status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'void')),
      checked_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT tickets_code_key UNIQUE (code)
    );
    -- The last word on selling a seat once: at most one valid ticket per seat and event.
    CREATE UNIQUE INDEX tickets_one_per_seat_idx ON tickets (event_id, seat_id)
      WHERE status = 'valid' AND seat_id IS NOT NULL;
    CREATE INDEX tickets_booking_idx ON tickets (booking_id);

    -- A retried create or confirm gets the first answer (Idempotency-Key).
    CREATE TABLE idempotency_keys (
      user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
      scope text NOT NULL,
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
      request_hash text NOT NULL,
      -- Who is answering it now: a late answer from an abandoned claim is ignored.
      claim uuid NOT NULL,
      status integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, scope, key)
    );
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE event_seats DROP CONSTRAINT event_seats_owner,
      DROP COLUMN hold_id, DROP COLUMN held_until, DROP COLUMN booking_id;
    DROP TABLE idempotency_keys, tickets, payments, booking_items, bookings, coupons,
      hold_sections, holds;
  `);
};
