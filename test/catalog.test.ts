import assert from 'node:assert/strict';
import { Event } from '../app/models/index.js';
import { generateSeats, rowLabels } from '../app/shared/layout.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildEvent, buildHall } from './support/factories.js';

const layout = {
  sections: [
    {
      name: 'Stalls',
      kind: 'seated',
      seats: generateSeats({ rows: rowLabels(3), seatsPerRow: 8, aislesAfter: [4] }),
    },
    { name: 'Standing', kind: 'general_admission', capacity: 40 },
  ],
};

describe('catalog API', () => {
  const app = useTestApp();
  const visitor = () => app.current.http();

  describe('writes need the right role', () => {
    const writes: Array<[string, 'post' | 'put', () => Promise<string>]> = [
      ['POST /api/venues', 'post', async () => '/api/venues'],
      ['PUT /api/venues/:id', 'put', async () => `/api/venues/${(await buildHall()).venue.id}`],
      [
        'POST /api/venues/:id/halls',
        'post',
        async () => `/api/venues/${(await buildHall()).venue.id}/halls`,
      ],
      [
        'PUT /api/halls/:id/layout',
        'put',
        async () => `/api/halls/${(await buildHall()).hall.id}/layout`,
      ],
      [
        'POST /api/halls/:id/sections',
        'post',
        async () => `/api/halls/${(await buildHall()).hall.id}/sections`,
      ],
      ['POST /api/events', 'post', async () => '/api/events'],
      ['POST /api/events/series', 'post', async () => '/api/events/series'],
      ['PUT /api/events/:id', 'put', async () => `/api/events/${(await buildEvent()).event.id}`],
      [
        'POST /api/events/:id/publish',
        'post',
        async () => `/api/events/${(await buildEvent()).event.id}/publish`,
      ],
      [
        'POST /api/events/:id/cancel',
        'post',
        async () => `/api/events/${(await buildEvent()).event.id}/cancel`,
      ],
    ];
    for (const [name, verb, url] of writes) {
      it(`${name}: 401 for visitors, 403 for customers`, async () => {
        const path = await url();
        assert.equal((await visitor()[verb](path).send({})).status, 401);
        const customer = newAgent(app.current);
        await signedInAs(customer);
        assert.equal((await customer[verb](path).send({})).status, 403);
      });
    }
  });

  it('an organizer builds a venue and hall, prices and publishes an event; visitors find it', async () => {
    const organizer = newAgent(app.current);
    await signedInAs(organizer, 'organizer');
    const other = newAgent(app.current);
    await signedInAs(other, 'organizer');
    const mine = (await other.post('/api/venues').send({ name: 'Other Place' }).expect(201)).body
      .venue;
    const renamed = await other
      .put(`/api/venues/${mine.id}`)
      .send({ name: 'Other Place Renamed' })
      .expect(200);
    assert.equal(renamed.body.venue.name, 'Other Place Renamed');
    assert.equal(
      (await visitor().get(`/api/venues/${mine.id}`).expect(200)).body.venue.name,
      'Other Place Renamed',
    );
    await organizer.put(`/api/venues/${mine.id}`).send({ name: 'Hijacked' }).expect(403);
    const badZone = await organizer
      .post('/api/venues')
      .send({ name: 'Nowhere', timezone: 'Mars/Base' })
      .expect(400);
    assert.match(badZone.body.details.timezone, /IANA time zone/);
    const venue = (
      await organizer
        .post('/api/venues')
        .send({ name: 'Harbour Hall', address: 'Quay 1', timezone: 'Europe/Berlin' })
        .expect(201)
    ).body.venue;
    const bad = await organizer
      .post(`/api/venues/${venue.id}/halls`)
      .send({ name: 'Main', layout: { sections: [{ name: 'X', kind: 'seated', seats: [] }] } })
      .expect(400);
    assert.match(bad.body.details['sections[0].seats'], /at least one seat/);
    const hall = (
      await organizer
        .post(`/api/venues/${venue.id}/halls`)
        .send({ name: 'Main', layout })
        .expect(201)
    ).body.hall;
    assert.equal(hall.capacity, 24 + 40);
    const [stalls, standing] = hall.sections;

    const starts = new Date(Date.now() + 3 * 86_400_000);
    const draft = await organizer
      .post('/api/events')
      .send({
        hall_id: hall.id,
        title: 'Sea Shanty Night',
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 7_200_000).toISOString(),
        prices: [{ section_id: stalls.id, price_cents: 3500, currency: 'EUR' }],
      })
      .expect(201);
    const id = draft.body.event.id;
    assert.equal(draft.body.event.status, 'draft');
    await visitor().get(`/api/events/${id}`).expect(404);

    const unpriced = await organizer.post(`/api/events/${id}/publish`).send({}).expect(400);
    assert.match(unpriced.body.details.prices, /missing for Standing/);
    await Event.sequelize!.query('INSERT INTO event_prices VALUES (:id, :section, 2000, :cur)', {
      replacements: { id, section: standing.id, cur: 'EUR' },
    });
    const published = await organizer.post(`/api/events/${id}/publish`).send({}).expect(200);
    assert.equal(published.body.event.status, 'published');
    const twice = await organizer.post(`/api/events/${id}/publish`).send({}).expect(409);
    assert.equal(twice.body.error, 'INVALID_STATE');

    const [inventory] = await testSequelize().query(
      `SELECT (SELECT count(*) FROM event_seats WHERE event_id = :id)::int AS seats,
              (SELECT capacity FROM event_sections WHERE event_id = :id) AS standing`,
      { replacements: { id } },
    );
    assert.deepEqual(inventory, [{ seats: 24, standing: 40 }]);

    const listed = await visitor().get('/api/events?q=shanty').expect(200);
    assert.equal(listed.body.total, 1);
    assert.deepEqual(
      {
        title: listed.body.events[0].title,
        venue: listed.body.events[0].venue.name,
        available: listed.body.events[0].available,
      },
      { title: 'Sea Shanty Night', venue: 'Harbour Hall', available: 64 },
    );
    assert.equal(
      (await visitor().get(`/api/events/${id}`).expect(200)).body.event.prices.length,
      2,
    );
  });

  it('keeps the seats of a hall with a published event', async () => {
    const organizer = newAgent(app.current);
    const user = await signedInAs(organizer, 'organizer');
    const { hall, event } = await buildEvent({ createdBy: user.id });
    await Event.update({ created_by: user.id }, { where: { id: event.id } });
    await testSequelize().query(
      'UPDATE venues SET created_by = :u WHERE id = (SELECT venue_id FROM halls WHERE id = :h)',
      {
        replacements: { u: user.id, h: hall.id },
      },
    );
    await organizer.put(`/api/halls/${hall.id}/layout`).send({ layout }).expect(200);
    const { event: second } = await buildEvent({ hall, createdBy: user.id });
    await organizer.post(`/api/events/${second.id}/publish`).send({}).expect(200);
    const refused = await organizer
      .put(`/api/halls/${hall.id}/layout`)
      .send({ layout })
      .expect(409);
    assert.equal(refused.body.error, 'INVALID_STATE');
    await assert.rejects(
      testSequelize().query('DELETE FROM seats'),
      /event_seats/,
      'the database refuses too',
    );
  });

  it('takes a layout of thousands of seats in one request', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const { venue } = await buildHall();
    const big = {
      sections: [
        {
          name: 'Arena',
          kind: 'seated',
          seats: generateSeats({ rows: rowLabels(50), seatsPerRow: 90 }),
        },
      ],
    };
    const res = await admin
      .post(`/api/venues/${venue.id}/halls`)
      .send({ name: 'Arena', layout: big })
      .expect(201);
    assert.equal(res.body.hall.capacity, 4500);
  });

  it('creates several showings at once as drafts of one series, each priced', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const { hall, sections } = await buildHall();
    const at = (days: number, hours = 0) =>
      new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
    const prices = sections.map((section) => ({
      section_id: section.id,
      price_cents: 1200,
      currency: 'EUR',
    }));
    const bad = await admin
      .post('/api/events/series')
      .send({
        hall_id: hall.id,
        title: 'Film week',
        prices,
        showings: [
          { starts_at: at(1), ends_at: at(1, 2) },
          { starts_at: at(2, 2), ends_at: at(2) },
        ],
      })
      .expect(400);
    assert.deepEqual(bad.body.details, { 'showings[1].ends_at': 'must be after starts_at' });
    const res = await admin
      .post('/api/events/series')
      .send({
        hall_id: hall.id,
        title: 'Film week',
        prices,
        showings: [1, 2, 3].map((day) => ({ starts_at: at(day), ends_at: at(day, 2) })),
      })
      .expect(201);
    assert.equal(res.body.events.length, 3);
    assert.equal(
      new Set(res.body.events.map((event: { series_id: string }) => event.series_id)).size,
      1,
    );
    assert.ok(
      res.body.events.every(
        (event: { status: string; prices: unknown[] }) =>
          event.status === 'draft' && event.prices.length === sections.length,
      ),
    );
    await admin.post(`/api/events/${res.body.events[0].id}/publish`).send({}).expect(200);
  });

  it('changes an event’s details, times and prices, but not once cancelled', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const { event, sections } = await buildEvent();
    const res = await admin
      .put(`/api/events/${event.id}`)
      .send({
        title: 'Renamed show',
        prices: [{ section_id: sections[0]!.id, price_cents: 4200, currency: 'EUR' }],
      })
      .expect(200);
    assert.equal(res.body.event.title, 'Renamed show');
    assert.equal(
      res.body.event.prices.find(
        (price: { section_id: number }) => price.section_id === sections[0]!.id,
      ).price_cents,
      4200,
    );
    const early = new Date(event.starts_at.getTime() - 3_600_000).toISOString();
    assert.deepEqual(
      (await admin.put(`/api/events/${event.id}`).send({ ends_at: early }).expect(400)).body
        .details,
      { ends_at: 'must be after starts_at' },
    );
    await admin.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    assert.equal(
      (await admin.put(`/api/events/${event.id}`).send({ title: 'Again' }).expect(409)).body.error,
      'INVALID_STATE',
    );
  });

  it('refuses an event in another organizer’s hall', async () => {
    const { hall } = await buildHall();
    const stranger = newAgent(app.current);
    await signedInAs(stranger, 'organizer');
    const starts = new Date(Date.now() + 86_400_000);
    const res = await stranger
      .post('/api/events')
      .send({
        hall_id: hall.id,
        title: 'Squatter',
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 3_600_000).toISOString(),
      })
      .expect(403);
    assert.equal(res.body.error, 'FORBIDDEN');
  });

  it('lets a layout change again after its only event was cancelled as a draft', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const { hall, event } = await buildEvent();
    await admin.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    await admin.put(`/api/halls/${hall.id}/layout`).send({ layout }).expect(200);
  });

  it('lets organizers manage only their own events; admins manage all', async () => {
    const { event } = await buildEvent();
    const stranger = newAgent(app.current);
    await signedInAs(stranger, 'organizer');
    assert.equal(
      (await stranger.post(`/api/events/${event.id}/publish`).send({}).expect(403)).body.error,
      'FORBIDDEN',
    );
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    await admin.post(`/api/events/${event.id}/publish`).send({}).expect(200);
    await admin.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    assert.equal(
      (await admin.post(`/api/events/${event.id}/cancel`).send({}).expect(409)).body.error,
      'INVALID_STATE',
    );
    const listed = await visitor().get('/api/events').expect(200);
    assert.ok(
      !listed.body.events.some((item: { id: number }) => item.id === event.id),
      'cancelled events leave the listing',
    );
  });

  it('validates event input field by field', async () => {
    const organizer = newAgent(app.current);
    await signedInAs(organizer, 'organizer');
    const res = await organizer
      .post('/api/events')
      .send({
        hall_id: 'x',
        title: '',
        starts_at: 'tomorrow',
        ends_at: '2026-12-01T20:00:00Z',
        prices: [{ section_id: 1, price_cents: -5, currency: 'euro' }],
      })
      .expect(400);
    for (const field of [
      'hall_id',
      'title',
      'starts_at',
      'prices[0].price_cents',
      'prices[0].currency',
    ]) {
      assert.ok(res.body.details[field], `${field}: ${JSON.stringify(res.body.details)}`);
    }
  });

  it('filters the listing by date range and venue, and pages it', async () => {
    const { hall } = await buildHall();
    for (let day = 1; day <= 14; day++)
      await buildEvent({ hall, startsInDays: day, title: `Matinee ${day}` });
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const drafts = await Event.findAll({ where: { hall_id: hall.id } });
    for (const draft of drafts)
      await admin.post(`/api/events/${draft.id}/publish`).send({}).expect(200);
    const venueId = hall.venue_id;
    const first = await visitor().get(`/api/events?venue=${venueId}`).expect(200);
    assert.equal(first.body.total, 14);
    assert.equal(first.body.events.length, 12);
    const second = await visitor().get(`/api/events?venue=${venueId}&page=2`).expect(200);
    assert.deepEqual(
      second.body.events.map((item: { title: string }) => item.title),
      ['Matinee 13', 'Matinee 14'],
    );
    const day3 = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const wholeDay = await visitor().get(`/api/events?venue=${venueId}&to=${day3}`).expect(200);
    assert.equal(wholeDay.body.total, 3, 'a date-only "to" includes that whole day');
    const to = new Date(Date.now() + 3.5 * 86_400_000).toISOString();
    const soon = await visitor()
      .get(`/api/events?venue=${venueId}&to=${encodeURIComponent(to)}`)
      .expect(200);
    assert.equal(soon.body.total, 3);
    await visitor().get('/api/events?from=yesterday').expect(400);
  });
});
