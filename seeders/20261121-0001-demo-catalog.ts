import type { MigrationFn } from '../app/core/migrator.js';
import { publishEvent } from '../app/models/event-publishing.js';
import { replaceLayout } from '../app/models/hall-layout.js';
import { Event, EventPrice, Hall, Section, Venue } from '../app/models/index.js';
import { generateSeats, rowLabels, validateLayout, type HallLayout } from '../app/shared/layout.js';

// Demo data for a first start: a two-screen cinema, a concert hall with stalls, balcony
// and a standing floor, and a community centre with a free meetup. Re-running it adds
// nothing: each venue is made only when no venue of its name exists.

const seated = (
  name: string,
  rows: number,
  perRow: number,
  options: { first?: number; aisles?: number[]; curve?: number; y?: number } = {},
) => ({
  name,
  kind: 'seated' as const,
  seats: generateSeats({
    rows: rowLabels(rows, options.first ?? 0),
    seatsPerRow: perRow,
    aislesAfter: options.aisles,
    curve: options.curve,
    origin: { x: 0, y: options.y ?? 0 },
  }),
});

const VENUES: Array<{
  name: string;
  address: string;
  timezone: string;
  halls: Array<{ name: string; layout: HallLayout }>;
}> = [
  {
    name: 'Lumen Cinema',
    address: 'Kastanienallee 12, 10435 Berlin',
    timezone: 'Europe/Berlin',
    halls: [
      {
        name: 'Screen 1',
        layout: {
          sections: [
            seated('Stalls', 8, 12, { aisles: [6] }),
            seated('Love seats', 2, 12, { first: 8, y: 9 }),
          ],
        },
      },
      {
        name: 'Screen 2',
        layout: { sections: [seated('Stalls', 15, 20, { aisles: [5, 15], curve: 1.5 })] },
      },
    ],
  },
  {
    name: 'Harbour Concert Hall',
    address: 'Am Kaiserkai 1, 20457 Hamburg',
    timezone: 'Europe/Berlin',
    halls: [
      {
        name: 'Grand Hall',
        layout: {
          sections: [
            {
              name: 'Standing floor',
              kind: 'general_admission',
              capacity: 500,
              area: { x: 0, y: 0, width: 44, height: 6 },
            },
            seated('Stalls', 30, 40, { aisles: [10, 30], curve: 3, y: 10 }),
            seated('Balcony', 12, 25, { first: 30, aisles: [12], curve: 2, y: 44 }),
          ],
        },
      },
    ],
  },
  {
    name: 'Neighbourhood Centre',
    address: 'Lindenstraße 5, 04107 Leipzig',
    timezone: 'Europe/Berlin',
    halls: [
      {
        name: 'Community Room',
        layout: { sections: [{ name: 'Open seating', kind: 'general_admission', capacity: 50 }] },
      },
    ],
  },
];

/** Prices per section name, in cents. */
const EVENTS: Array<{
  venue: string;
  hall: string;
  title: string;
  description: string;
  inDays: number;
  hour: number;
  minutes: number;
  prices: Record<string, number>;
}> = [
  {
    venue: 'Lumen Cinema',
    hall: 'Screen 1',
    title: 'The Lighthouse Keeper',
    description: 'A storm, a lamp, two keepers and a secret. Original version with subtitles.',
    inDays: 2,
    hour: 18,
    minutes: 110,
    prices: { Stalls: 1100, 'Love seats': 1600 },
  },
  {
    venue: 'Lumen Cinema',
    hall: 'Screen 1',
    title: 'Paper Moons',
    description: 'An animated family film about a girl who folds the night sky.',
    inDays: 5,
    hour: 15,
    minutes: 95,
    prices: { Stalls: 900, 'Love seats': 1400 },
  },
  {
    venue: 'Lumen Cinema',
    hall: 'Screen 2',
    title: 'Night Train to Lisbon Road',
    description: 'A thriller on the last train of the night.',
    inDays: 3,
    hour: 20,
    minutes: 125,
    prices: { Stalls: 1250 },
  },
  {
    venue: 'Lumen Cinema',
    hall: 'Screen 2',
    title: 'Silent Cinema with Live Piano',
    description: 'Three short silent comedies with live piano accompaniment.',
    inDays: 10,
    hour: 19,
    minutes: 90,
    prices: { Stalls: 1500 },
  },
  {
    venue: 'Lumen Cinema',
    hall: 'Screen 2',
    title: 'The Lighthouse Keeper',
    description: 'A storm, a lamp, two keepers and a secret. Original version with subtitles.',
    inDays: 12,
    hour: 21,
    minutes: 110,
    prices: { Stalls: 1100 },
  },
  {
    venue: 'Harbour Concert Hall',
    hall: 'Grand Hall',
    title: 'Hamburg Symphony: Brahms 4',
    description: 'Brahms’ Fourth Symphony and the Violin Concerto.',
    inDays: 6,
    hour: 19,
    minutes: 150,
    prices: { 'Standing floor': 2500, Stalls: 6900, Balcony: 4900 },
  },
  {
    venue: 'Harbour Concert Hall',
    hall: 'Grand Hall',
    title: 'Northern Lights Jazz Orchestra',
    description: 'Big-band jazz from the Nordic scene.',
    inDays: 13,
    hour: 20,
    minutes: 120,
    prices: { 'Standing floor': 2900, Stalls: 4900, Balcony: 3900 },
  },
  {
    venue: 'Harbour Concert Hall',
    hall: 'Grand Hall',
    title: 'Electronic Tides',
    description: 'An all-night electronic music showcase.',
    inDays: 20,
    hour: 22,
    minutes: 300,
    prices: { 'Standing floor': 3500, Stalls: 4500, Balcony: 3500 },
  },
  {
    venue: 'Harbour Concert Hall',
    hall: 'Grand Hall',
    title: 'Children’s Concert: Peter and the Wolf',
    description: 'Prokofiev’s tale for young listeners, narrated.',
    inDays: 27,
    hour: 11,
    minutes: 60,
    prices: { 'Standing floor': 800, Stalls: 1500, Balcony: 1200 },
  },
  {
    venue: 'Neighbourhood Centre',
    hall: 'Community Room',
    title: 'Open Source Meetup Leipzig',
    description: 'Free community meetup: three short talks, then pizza. Register to attend.',
    inDays: 4,
    hour: 18,
    minutes: 180,
    prices: { 'Open seating': 0 },
  },
  {
    venue: 'Neighbourhood Centre',
    hall: 'Community Room',
    title: 'Repair Café',
    description: 'Bring what is broken; volunteers help you fix it. Free, register to attend.',
    inDays: 11,
    hour: 14,
    minutes: 240,
    prices: { 'Open seating': 0 },
  },
  {
    venue: 'Neighbourhood Centre',
    hall: 'Community Room',
    title: 'Open Source Meetup Leipzig',
    description: 'Free community meetup: three short talks, then pizza. Register to attend.',
    inDays: 32,
    hour: 18,
    minutes: 180,
    prices: { 'Open seating': 0 },
  },
];

export const up: MigrationFn = async ({ context: { sequelize } }) => {
  for (const spec of VENUES) {
    if (await Venue.findOne({ where: { name: spec.name } })) continue;
    const halls = await sequelize.transaction(async (transaction) => {
      const venue = await Venue.create(
        { name: spec.name, address: spec.address, timezone: spec.timezone, created_by: null },
        { transaction },
      );
      const made: Hall[] = [];
      for (const hallSpec of spec.halls) {
        const checked = validateLayout(hallSpec.layout);
        if (checked.errors)
          throw new Error(`demo layout ${hallSpec.name}: ${JSON.stringify(checked.errors)}`);
        const hall = await Hall.create(
          { venue_id: venue.id, name: hallSpec.name },
          { transaction },
        );
        await replaceLayout(hall.id, checked.layout, transaction);
        made.push(hall);
      }
      return made;
    });
    for (const item of EVENTS.filter((event) => event.venue === spec.name)) {
      const hall = halls.find((candidate) => candidate.name === item.hall)!;
      const sections = await Section.findAll({ where: { hall_id: hall.id } });
      const starts = new Date();
      starts.setUTCDate(starts.getUTCDate() + item.inDays);
      starts.setUTCHours(item.hour - 1, 0, 0, 0);
      const event = await Event.create({
        hall_id: hall.id,
        title: item.title,
        description: item.description,
        starts_at: starts,
        ends_at: new Date(starts.getTime() + item.minutes * 60_000),
        created_by: null,
      });
      await EventPrice.bulkCreate(
        sections.map((section) => ({
          event_id: event.id,
          section_id: section.id,
          price_cents: item.prices[section.name]!,
          currency: 'EUR',
        })),
      );
      await publishEvent(event.id, () => {});
    }
  }
};
