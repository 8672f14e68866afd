// The seat map of a 2,000-seat event over HTTP: the full answer, gzipped and not, and a
// revalidation that gets 304, each against GET /api/health (one SQL query, no body worth
// the name) measured in the same run. Also prints the answer's size on the wire.
//
//   npm run bench:seat-map
import { gzipSync } from 'node:zlib';
import { migrate } from '../app/core/migrator.js';
import { replaceLayout } from '../app/models/hall-layout.js';
import { publishEvent } from '../app/models/event-publishing.js';
import { Event, EventPrice, Hall, Section, Venue } from '../app/models/index.js';
import { generateSeats, rowLabels } from '../app/shared/layout.js';
import { measure, printResults } from './measure.js';
import { startBenchServer } from './server.js';

const bench = await startBenchServer();
await migrate(bench.sequelize, bench.logger);
const venue = await Venue.create({ name: 'Bench Hall', created_by: null });
const hall = await Hall.create({ venue_id: venue.id, name: 'Main' });
await bench.sequelize.transaction((transaction) =>
  replaceLayout(
    hall.id,
    {
      sections: [
        {
          name: 'Stalls',
          kind: 'seated',
          seats: generateSeats({ rows: rowLabels(30), seatsPerRow: 50 }),
        },
        {
          name: 'Balcony',
          kind: 'seated',
          seats: generateSeats({
            rows: rowLabels(10, 30),
            seatsPerRow: 50,
            origin: { x: 0, y: 40 },
          }),
        },
        { name: 'Floor', kind: 'general_admission', capacity: 500 },
      ],
    },
    transaction,
  ),
);
const starts = new Date(Date.now() + 7 * 86_400_000);
const event = await Event.create({
  hall_id: hall.id,
  title: 'Bench Night',
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

const url = `${bench.base}/api/events/${event.id}/seats`;
const first = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
const body = await first.text();
const etag = first.headers.get('etag')!;
const map = JSON.parse(body) as { seats: unknown[] };

// fetch() asks for gzip and inflates it, so the two full scenarios differ in the
// compression work on both ends.
const results = [
  await measure('HTTP GET /api/health (baseline)', () =>
    fetch(`${bench.base}/api/health`).then((res) => res.json()),
  ),
  await measure(`GET seats, ${map.seats.length} seats, gzip`, () =>
    fetch(url).then((res) => res.json()),
  ),
  await measure(`GET seats, ${map.seats.length} seats, identity`, () =>
    fetch(url, { headers: { 'accept-encoding': 'identity' } }).then((res) => res.json()),
  ),
  await measure('GET seats with If-None-Match (304)', async () => {
    const res = await fetch(url, { headers: { 'if-none-match': etag } });
    if (res.status !== 304) throw new Error(`expected 304, got ${res.status}`);
  }),
];
printResults(results);
console.log(
  `\nseat map: ${(body.length / 1024).toFixed(0)} kB as JSON, ${(gzipSync(body).length / 1024).toFixed(0)} kB gzipped`,
);
await bench.close();
