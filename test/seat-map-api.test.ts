import assert from 'node:assert/strict';
import { publishEvent } from '../app/models/event-publishing.js';
import { generateSeats, rowLabels } from '../app/shared/layout.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildEvent, buildHall } from './support/factories.js';

describe('seat map API', () => {
  const app = useTestApp();
  const visitor = () => app.current.http();

  it('GET /api/events/:id/seats answers a 2,000-seat hall in one response, with an ETag and 304', async () => {
    const { event, sections } = await buildEvent({
      hall: (await buildHall({ rows: 40, perRow: 50, standing: 500 })).hall,
    });
    await publishEvent(event.id, () => {});
    const first = await visitor().get(`/api/events/${event.id}/seats`).expect(200);
    assert.equal(first.body.event_id, event.id);
    assert.equal(first.body.version, 0);
    assert.equal(first.body.seats.length, 2000);
    assert.deepEqual(Object.keys(first.body.seats[0]).sort(), [
      'accessible',
      'id',
      'number',
      'row',
      'section_id',
      'status',
      'x',
      'y',
    ]);
    assert.ok(first.body.seats.every((seat: { status: string }) => seat.status === 'available'));
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    assert.deepEqual(
      first.body.sections.find((section: { id: number }) => section.id === floor.id),
      {
        id: floor.id,
        name: 'Floor',
        kind: 'general_admission',
        capacity: 500,
        available: 500,
        area: null,
      },
    );
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const etag = first.headers.etag;
    assert.ok(etag, 'an ETag');

    const again = await visitor()
      .get(`/api/events/${event.id}/seats`)
      .set('If-None-Match', etag)
      .expect(304);
    assert.equal(again.text, '');
    // fetch() sends Cache-Control: no-cache with every conditional request.
    await visitor()
      .get(`/api/events/${event.id}/seats`)
      .set('If-None-Match', `"other", ${etag}`)
      .set('Cache-Control', 'no-cache')
      .expect(304);

    // A customer holds a seat and two standing places: the same ETag no longer matches,
    // and the map's version moves once the change set is pushed.
    const seatId = first.body.seats[7].id;
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await buyer
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatId] })
      .expect(201);
    await buyer
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, section_id: floor.id, quantity: 2 })
      .expect(201);
    await app.current.realtime.idle();
    const changed = await visitor()
      .get(`/api/events/${event.id}/seats`)
      .set('If-None-Match', etag)
      .expect(200);
    assert.notEqual(changed.headers.etag, etag);
    assert.ok(changed.body.version >= 1, 'the change went out as a change set');
    assert.equal(
      changed.body.seats.find((seat: { id: number }) => seat.id === seatId).status,
      'held',
    );
    const stalls = changed.body.sections.find(
      (section: { name: string }) => section.name === 'Stalls',
    );
    assert.equal(stalls.available, 1999);
    assert.equal(
      changed.body.sections.find((section: { id: number }) => section.id === floor.id).available,
      498,
    );
  });

  it('hides a draft’s map from visitors, and shows its organizer the hall as it will sell', async () => {
    const organizer = newAgent(app.current);
    const user = await signedInAs(organizer, 'organizer');
    const { event } = await buildEvent({ createdBy: user.id, standing: 30 });
    const hidden = await visitor().get(`/api/events/${event.id}/seats`).expect(404);
    assert.equal(hidden.body.error, 'NOT_FOUND');
    const draft = await organizer.get(`/api/events/${event.id}/seats`).expect(200);
    assert.equal(draft.body.version, 0);
    assert.equal(draft.body.seats.length, 10);
    assert.deepEqual(
      draft.body.sections.map((section: { available: number }) => section.available),
      [10, 30],
    );
    assert.equal(
      (await visitor().get('/api/events/999999/seats').expect(404)).body.error,
      'NOT_FOUND',
    );
    const bad = await visitor().get('/api/events/abc/seats').expect(400);
    assert.equal(bad.body.error, 'VALIDATION_FAILED');
    assert.ok(bad.body.details.id);
  });

  describe('POST /api/halls/:id/sections', () => {
    const balcony = {
      name: 'Balcony',
      kind: 'seated',
      seats: generateSeats({ rows: rowLabels(2), seatsPerRow: 4, origin: { x: 0, y: 10 } }),
    };

    it('401 for visitors, 403 for customers and for another organizer', async () => {
      const { hall } = await buildHall();
      assert.equal(
        (await visitor().post(`/api/halls/${hall.id}/sections`).send(balcony)).status,
        401,
      );
      const customer = newAgent(app.current);
      await signedInAs(customer);
      assert.equal(
        (await customer.post(`/api/halls/${hall.id}/sections`).send(balcony)).status,
        403,
      );
      const stranger = newAgent(app.current);
      await signedInAs(stranger, 'organizer');
      const refused = await stranger
        .post(`/api/halls/${hall.id}/sections`)
        .send(balcony)
        .expect(403);
      assert.equal(refused.body.error, 'FORBIDDEN');
    });

    it('adds seated and standing sections after the others, and checks them against the hall', async () => {
      const organizer = newAgent(app.current);
      const user = await signedInAs(organizer, 'organizer');
      const { hall } = await buildHall({ createdBy: user.id });
      const added = await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send(balcony)
        .expect(201);
      assert.deepEqual(
        added.body.hall.sections.map((section: { name: string }) => section.name),
        ['Stalls', 'Balcony'],
      );
      assert.equal(added.body.hall.capacity, 18);
      await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send({
          name: 'Bar',
          kind: 'general_admission',
          capacity: 40,
          area: { x: 0, y: 20, width: 6, height: 3 },
        })
        .expect(201);
      const circle = await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send({
          name: 'Circle',
          kind: 'seated',
          rows: { first_row: 'K', rows: 2, seats_per_row: 6, y: 30 },
        })
        .expect(201);
      assert.equal(circle.body.hall.capacity, 18 + 40 + 12);

      const twice = await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send(balcony)
        .expect(400);
      assert.equal(twice.body.error, 'VALIDATION_FAILED');
      assert.match(twice.body.details.name, /"Balcony" is used by section 2/);
      const onTop = await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send({ name: 'Box', kind: 'seated', seats: [{ row: 'A', number: 1, x: 0.1, y: 0 }] })
        .expect(400);
      assert.match(onTop.body.details['seats[0]'], /overlaps seat A-1 of "Stalls"/);
      const empty = await organizer
        .post(`/api/halls/${hall.id}/sections`)
        .send({ name: 'Empty', kind: 'general_admission', capacity: 0 })
        .expect(400);
      assert.match(empty.body.details.capacity, /capacity from 1/);
      const nameless = await organizer.post(`/api/halls/${hall.id}/sections`).send({}).expect(400);
      assert.deepEqual(Object.keys(nameless.body.details).sort(), ['kind', 'name']);
      const [sections] = await testSequelize().query(
        'SELECT id FROM sections WHERE hall_id = :hall',
        { replacements: { hall: hall.id } },
      );
      assert.equal(sections.length, 4, 'nothing half-written');
    });

    it('refuses a hall with a published event', async () => {
      const admin = newAgent(app.current);
      await signedInAs(admin, 'admin');
      const { event, hall } = await buildEvent();
      await publishEvent(event.id, () => {});
      const refused = await admin.post(`/api/halls/${hall.id}/sections`).send(balcony).expect(409);
      assert.equal(refused.body.error, 'INVALID_STATE');
      assert.equal((await admin.post('/api/halls/999999/sections').send(balcony)).status, 404);
    });
  });
});
