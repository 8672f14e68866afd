import { generateSync } from 'otplib';
import { newTotpSecret } from '../../app/core/totp.js';
import { replaceLayout } from '../../app/models/hall-layout.js';
import { Event, EventPrice, Hall, Seat, Section, User, Venue } from '../../app/models/index.js';
import { generateSeats, rowLabels } from '../../app/shared/layout.js';
import { publishEvent } from '../../app/models/event-publishing.js';
import type { Role } from '../../app/shared/types.js';
import { testSecrets } from './secrets.js';

let sequence = 0;
const next = () => `${process.pid.toString(36)}${(++sequence).toString(36)}`;

/** The plain authenticator secret of each user built here, to compute their codes. */
const plainSecrets = new Map<number, string>();

/** A saved user with an authenticator secret; every attribute can be overridden. */
export async function buildUser(
  overrides: Partial<{ username: string; role: Role }> = {},
): Promise<User> {
  const secret = newTotpSecret();
  const user = await User.create({
    username: `user_${next()}`,
    role: 'customer',
    totp_secret: testSecrets.encrypt(secret),
    ...overrides,
  });
  plainSecrets.set(user.id, secret);
  return user;
}

/** The user's authenticator code for now, or `stepsAgo` 30-second steps ago. */
export function codeFor(userOrSecret: User | string, stepsAgo = 0): string {
  const secret =
    typeof userOrSecret === 'string' ? userOrSecret : plainSecrets.get(userOrSecret.id);
  if (!secret) throw new Error('codeFor: not a user built by buildUser');
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) - stepsAgo * 30 });
}

/** A venue with one hall: `rows` rows of `perRow` seats ("Stalls") and a standing "Floor". */
export async function buildHall(
  options: { rows?: number; perRow?: number; standing?: number; createdBy?: number } = {},
): Promise<{ venue: Venue; hall: Hall; sections: Section[] }> {
  const venue = await Venue.create({
    name: `Venue ${next()}`,
    timezone: 'Europe/Berlin',
    created_by: options.createdBy ?? null,
  });
  const hall = await Hall.create({ venue_id: venue.id, name: 'Main hall' });
  const layout = {
    sections: [
      {
        name: 'Stalls',
        kind: 'seated' as const,
        seats: generateSeats({
          rows: rowLabels(options.rows ?? 2),
          seatsPerRow: options.perRow ?? 5,
        }),
      },
      ...(options.standing
        ? [{ name: 'Floor', kind: 'general_admission' as const, capacity: options.standing }]
        : []),
    ],
  };
  await Hall.sequelize!.transaction((transaction) => replaceLayout(hall.id, layout, transaction));
  const sections = await Section.findAll({
    where: { hall_id: hall.id },
    order: [['position', 'ASC']],
  });
  return { venue, hall, sections };
}

/** A draft event in a new hall (or the given one), priced in every section. */
export async function buildEvent(
  overrides: Partial<{
    hall: Hall;
    createdBy: number;
    startsInDays: number;
    title: string;
    standing: number;
  }> = {},
): Promise<{ event: Event; hall: Hall; sections: Section[] }> {
  const built = overrides.hall
    ? {
        hall: overrides.hall,
        sections: await Section.findAll({ where: { hall_id: overrides.hall.id } }),
      }
    : await buildHall({ standing: overrides.standing });
  const starts = new Date(Date.now() + (overrides.startsInDays ?? 7) * 86_400_000);
  const event = await Event.create({
    hall_id: built.hall.id,
    title: overrides.title ?? `Show ${next()}`,
    starts_at: starts,
    ends_at: new Date(starts.getTime() + 2 * 3_600_000),
    created_by: overrides.createdBy ?? null,
  });
  await EventPrice.bulkCreate(
    built.sections.map((section) => ({
      event_id: event.id,
      section_id: section.id,
      price_cents: 2500,
      currency: 'EUR',
    })),
  );
  return { event, ...built };
}

/** A published event on sale now: `rows` × `perRow` seats and, given `standing`, a standing floor. */
export async function buildOnSaleEvent(
  options: { rows?: number; perRow?: number; standing?: number; maxPerOrder?: number } = {},
): Promise<{ event: Event; hall: Hall; sections: Section[]; seatIds: number[] }> {
  const { hall } = await buildHall(options);
  const built = await buildEvent({ hall });
  if (options.maxPerOrder) await built.event.update({ max_per_order: options.maxPerOrder });
  await publishEvent(built.event.id, () => {});
  const seats = await Seat.findAll({
    where: { section_id: built.sections.map((section) => section.id) },
    order: [['id', 'ASC']],
  });
  return { ...built, event: await built.event.reload(), seatIds: seats.map((seat) => seat.id) };
}
