import { writeFile } from 'node:fs/promises';
import type { Sequelize } from 'sequelize';
import { createApiToken } from '../app/models/api-token-auth.js';
import { publishEvent } from '../app/models/event-publishing.js';
import { replaceLayout } from '../app/models/hall-layout.js';
import { Event, EventPrice, Hall, Seat, Section, Venue } from '../app/models/index.js';
import { generateSeats, rowLabels } from '../app/shared/layout.js';
import { buildUser } from '../test/support/factories.js';

/** What the load generators need to know about the seeded data (written to a file). */
export interface Fixture {
  eventId: number;
  /** The main event's seats, by id. */
  seatIds: number[];
  users: Array<{ id: number; username: string; token: string }>;
}

interface HallSize {
  stalls: { rows: number; perRow: number };
  balcony: { rows: number; perRow: number };
  /** Standing places on a floor before the stalls, if any. */
  standing?: number;
}

/** A hall of stalls and a balcony, all seated, with a standing floor when `size` says. */
export async function buildHall(sequelize: Sequelize, name: string, size: HallSize) {
  const venue = await Venue.create({ name: `Bench ${name}`, created_by: null });
  const hall = await Hall.create({ venue_id: venue.id, name });
  await sequelize.transaction((transaction) =>
    replaceLayout(
      hall.id,
      {
        sections: [
          {
            name: 'Stalls',
            kind: 'seated',
            seats: generateSeats({
              rows: rowLabels(size.stalls.rows),
              seatsPerRow: size.stalls.perRow,
            }),
          },
          {
            name: 'Balcony',
            kind: 'seated',
            seats: generateSeats({
              rows: rowLabels(size.balcony.rows, size.stalls.rows),
              seatsPerRow: size.balcony.perRow,
              origin: { x: 0, y: size.stalls.rows + 10 },
            }),
          },
          ...(size.standing
            ? [{ name: 'Floor', kind: 'general_admission' as const, capacity: size.standing }]
            : []),
        ],
      },
      transaction,
    ),
  );
  return hall;
}

/** A published event on sale now in `hall`, every section priced; answers its seat ids. */
export async function onSaleEvent(hall: Hall, title: string) {
  const starts = new Date(Date.now() + 7 * 86_400_000);
  const event = await Event.create({
    hall_id: hall.id,
    title,
    starts_at: starts,
    ends_at: new Date(starts.getTime() + 7_200_000),
    created_by: null,
  });
  const sections = await Section.findAll({ where: { hall_id: hall.id } });
  await EventPrice.bulkCreate(
    sections.map((section) => ({
      event_id: event.id,
      section_id: section.id,
      price_cents: 3000,
      currency: 'EUR',
    })),
  );
  await publishEvent(event.id, () => {});
  const seats = await Seat.findAll({
    where: { section_id: sections.map((section) => section.id) },
    attributes: ['id'],
    order: [['id', 'ASC']],
  });
  return { eventId: event.id, seatIds: seats.map((seat) => seat.id) };
}

/** `count` customers, each with a bearer token that may read and write, ten at a time. */
export async function buildBuyers(count: number): Promise<Fixture['users']> {
  const users: Fixture['users'] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, async () => {
      const user = await buildUser();
      const { secret } = await createApiToken(user.id, {
        name: 'bench',
        scopes: ['read', 'write'],
        days: 30,
      });
      return { id: user.id, username: user.username, token: secret };
    });
    users.push(...(await Promise.all(batch)));
  }
  return users;
}

/**
 * The bare hold endpoint's table: event_seats' columns, checks, defaults and indexes
 * (LIKE … INCLUDING ALL copies all but the foreign keys), with the main event's rows.
 * Also pgbench's table of 2,000 one-row targets.
 */
export async function buildBaselineTables(sequelize: Sequelize, eventId: number) {
  await sequelize.query(`
    DROP TABLE IF EXISTS bench_event_seats, bench_pgbench_rows;
    CREATE TABLE bench_event_seats (LIKE event_seats INCLUDING ALL);
    INSERT INTO bench_event_seats SELECT * FROM event_seats WHERE event_id = ${Number(eventId)};
    CREATE TABLE bench_pgbench_rows (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
    INSERT INTO bench_pgbench_rows (id) SELECT generate_series(1, 2000);
    ANALYZE bench_event_seats, bench_pgbench_rows;
  `);
}

export const writeFixture = (file: string, fixture: Fixture) =>
  writeFile(file, JSON.stringify(fixture));
