import assert from 'node:assert/strict';
import { Event, EventPrice } from '../app/models/index.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { buildEvent, buildHall } from './support/factories.js';
import { submit } from './support/forms.js';

describe('manage pages: events', () => {
  const app = useTestApp();

  async function organizerWithHall() {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent, 'organizer');
    const built = await buildHall({ createdBy: user.id, standing: 20 });
    const [stalls, floor] = built.sections;
    return { agent, user, ...built, stalls: stalls!, floor: floor! };
  }

  it('sends visitors to sign in, refuses customers and other organizers', async () => {
    const { event } = await buildEvent();
    const visitor = app.current.http();
    assert.equal(
      (await visitor.get('/admin/events').expect(303)).headers.location,
      '/login?next=%2Fadmin%2Fevents',
    );
    const customer = newAgent(app.current);
    await signedInAs(customer);
    assert.equal((await customer.get('/admin/events')).status, 403);
    const stranger = newAgent(app.current);
    await signedInAs(stranger, 'organizer');
    assert.equal((await stranger.get(`/admin/events/${event.id}`)).status, 403);
    const refused = await submit(
      stranger,
      '/admin/events',
      `/admin/events/${event.id}/publish`,
      {},
    );
    assert.equal(refused.status, 403);
    assert.equal((await event.reload()).status, 'draft');
  });

  it('creates a draft in the venue’s time zone, prices it, publishes and cancels it', async () => {
    const { agent, hall, stalls, floor } = await organizerWithHall();
    const picker = (await agent.get('/admin/events/new').expect(200)).text;
    assert.match(picker, new RegExp(`<option value="${hall.id}">Main hall</option>`));
    const form = `/admin/events/new?hall=${hall.id}`;

    const wrong = await submit(agent, form, '/admin/events', {
      hall_id: String(hall.id),
      title: '',
      starts_at: '2027-03-05T20:00',
      ends_at: '2027-03-05T19:00',
      [`price_${stalls.id}`]: 'twelve',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /id="title"[^>]*aria-invalid="true"/);
    assert.match(wrong.text, new RegExp(`id="price_${stalls.id}"[^>]*aria-invalid="true"`));
    assert.match(wrong.text, /must be an amount such as 12.50/);
    assert.match(wrong.text, /value="twelve"/, 'the form keeps what was typed');
    assert.equal(await Event.count({ where: { hall_id: hall.id } }), 0);

    const made = await submit(agent, form, '/admin/events', {
      hall_id: String(hall.id),
      title: 'Spring Quartet',
      description: 'Haydn and Ravel.',
      starts_at: '2027-03-05T20:00',
      ends_at: '2027-03-05T22:00',
      max_per_order: '6',
      currency: 'EUR',
      [`price_${stalls.id}`]: '24.50',
    });
    assert.equal(made.status, 303, made.text);
    const event = (await Event.findOne({ where: { title: 'Spring Quartet' } }))!;
    assert.equal(made.headers.location, `/admin/events/${event.id}`);
    assert.equal(
      event.starts_at.toISOString(),
      '2027-03-05T19:00:00.000Z',
      'Europe/Berlin is UTC+1 in March',
    );
    assert.equal(event.max_per_order, 6);

    const unpriced = await submit(
      agent,
      made.headers.location,
      `/admin/events/${event.id}/publish`,
      {},
    );
    assert.equal(unpriced.status, 303);
    const page = (await agent.get(made.headers.location).expect(200)).text;
    assert.match(page, /Every section needs a price before publishing. \(missing for Floor\)/);
    assert.match(page, /value="2027-03-05T20:00"/, 'times shown in the venue’s zone');
    assert.match(page, new RegExp(`id="price_${stalls.id}"[^>]*value="24.50"`));

    await event.update({
      sales_start: new Date('2027-01-01T00:00:00Z'),
      image_url: 'https://img.test/a.png',
    });
    const badCurrency = await submit(agent, made.headers.location, made.headers.location, {
      title: 'Spring Quartet',
      starts_at: '2027-03-05T20:00',
      ends_at: '2027-02-30T22:15',
      currency: 'euro',
      [`price_${stalls.id}`]: '24.50',
    });
    assert.equal(badCurrency.status, 400);
    assert.match(badCurrency.text, /id="currency"[^>]*aria-invalid="true"/);
    assert.match(badCurrency.text, /ISO 4217/);
    assert.match(
      badCurrency.text,
      /id="ends_at"[^>]*aria-invalid="true"/,
      '30 February is refused',
    );
    const saved = await submit(agent, made.headers.location, made.headers.location, {
      title: 'Spring Quartet',
      starts_at: '2027-03-05T20:00',
      ends_at: '2027-03-05T22:15',
      sales_start: '',
      image_url: '',
      currency: 'EUR',
      [`price_${stalls.id}`]: '24.50',
      [`price_${floor.id}`]: '0',
      description: 'Ж'.repeat(4000),
    });
    assert.equal(saved.status, 303);
    await event.reload();
    assert.equal(event.sales_start, null, 'an emptied field clears it');
    assert.equal(event.image_url, null);
    assert.equal(event.description.length, 4000);
    assert.deepEqual(
      (
        await EventPrice.findAll({ where: { event_id: event.id }, order: [['section_id', 'ASC']] })
      ).map((price) => price.price_cents),
      [2450, 0],
    );
    await submit(agent, made.headers.location, `/admin/events/${event.id}/publish`, {}).then(
      (res) => assert.equal(res.status, 303),
    );
    assert.equal((await event.reload()).status, 'published');
    const live = (await agent.get(made.headers.location).expect(200)).text;
    assert.match(live, /Spring Quartet is on sale now/);
    assert.match(live, /30 of 30 places left/);
    assert.match((await agent.get('/').expect(200)).text, /Spring Quartet/);

    await submit(agent, made.headers.location, `/admin/events/${event.id}/cancel`, {});
    assert.equal((await event.reload()).status, 'cancelled');
    const listed = (await agent.get('/admin/events?status=cancelled').expect(200)).text;
    assert.match(listed, /Spring Quartet/);
    assert.doesNotMatch((await agent.get('/').expect(200)).text, /Spring Quartet/);
  });

  it('creates several showings at once from one form', async () => {
    const { agent, hall, stalls, floor } = await organizerWithHall();
    const form = `/admin/events/new?hall=${hall.id}`;
    const fields = {
      hall_id: String(hall.id),
      title: 'Winter Film Week',
      starts_at: '2027-01-10T18:00',
      ends_at: '2027-01-10T20:30',
      [`price_${stalls.id}`]: '9',
      [`price_${floor.id}`]: '7.5',
    };
    const bad = await submit(agent, form, '/admin/events', {
      ...fields,
      more_showings: '2027-01-11 18:00\nsoon',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /line 2: must be a date and time/);
    const made = await submit(agent, form, '/admin/events', {
      ...fields,
      more_showings: '2027-01-11 18:00\n2027-01-12T21:00\n',
    });
    assert.equal(made.status, 303);
    assert.equal(made.headers.location, '/admin/events?status=draft');
    const events = await Event.findAll({
      where: { title: 'Winter Film Week' },
      order: [['starts_at', 'ASC']],
    });
    assert.deepEqual(
      events.map((event) => [event.starts_at.toISOString(), event.ends_at.toISOString()]),
      [
        ['2027-01-10T17:00:00.000Z', '2027-01-10T19:30:00.000Z'],
        ['2027-01-11T17:00:00.000Z', '2027-01-11T19:30:00.000Z'],
        ['2027-01-12T20:00:00.000Z', '2027-01-12T22:30:00.000Z'],
      ],
    );
    assert.equal(new Set(events.map((event) => event.series_id)).size, 1);
    const list = (await agent.get(made.headers.location).expect(200)).text;
    assert.equal(list.match(/Winter Film Week/g)?.length, 3);
  });

  it('answers repeated parameters with 400, not a crash', async () => {
    const { agent, hall } = await organizerWithHall();
    assert.equal((await agent.get('/admin/events?page=1&page=2')).status, 400);
    assert.equal(
      (await agent.get(`/admin/events/new?hall=${hall.id}&hall=${hall.id}`)).status,
      400,
    );
    const api = await agent
      .post('/api/events')
      .send({ hall_id: [hall.id, hall.id] })
      .expect(400);
    assert.equal(api.body.details.hall_id, 'must be given once');
  });

  it('shows an organizer only their own events, and an admin all', async () => {
    const { agent, user } = await organizerWithHall();
    await buildEvent({ createdBy: user.id, title: 'Mine' });
    await buildEvent({ title: 'Someone else’s' });
    const mine = (await agent.get('/admin/events').expect(200)).text;
    assert.match(mine, />Mine</);
    assert.doesNotMatch(mine, /Someone else/);
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    assert.match((await admin.get('/admin/events').expect(200)).text, /Someone else/);
  });
});
