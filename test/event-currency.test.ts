import assert from 'node:assert/strict';
import type TestAgent from 'supertest/lib/agent.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildEvent, buildHall } from './support/factories.js';

const at = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

/** The refusal every path gives for prices in several currencies. */
function assertMixedRefused(res: { status: number; body: { error: string; details: object } }) {
  assert.equal(res.status, 400);
  assert.equal(res.body.error, 'VALIDATION_FAILED');
  assert.deepEqual(Object.keys(res.body.details), ['prices']);
  assert.match((res.body.details as { prices: string }).prices, /one currency/);
}

const eventCount = async () =>
  (
    (await testSequelize().query('SELECT count(*)::int AS n FROM events', { plain: true })) as {
      n: number;
    }
  ).n;

describe('one currency per event', () => {
  const app = useTestApp();
  let organizer: TestAgent;
  let organizerId: number;

  before(async () => {
    organizer = newAgent(app.current);
    organizerId = (await signedInAs(organizer, 'organizer')).id;
  });

  /** A hall of the organizer (seated and standing) and prices for it in `currencies`. */
  async function pricedHall(...currencies: [string, string]) {
    const { hall, sections } = await buildHall({ standing: 20, createdBy: organizerId });
    const prices = sections.map((section, index) => ({
      section_id: section.id,
      price_cents: 1500,
      currency: currencies[index]!,
    }));
    return { hall, sections, prices };
  }

  /** A draft of the organizer, every section priced in EUR. */
  const euroEvent = () => buildEvent({ createdBy: organizerId, standing: 20 });

  it('refuses to create an event priced in two currencies, and creates it in one', async () => {
    const { hall, prices } = await pricedHall('EUR', 'USD');
    const event = { hall_id: hall.id, title: 'Mixed', starts_at: at(3), ends_at: at(3, 2) };
    const before = await eventCount();
    assertMixedRefused(await organizer.post('/api/events').send({ ...event, prices }));
    assert.equal(await eventCount(), before);
    const inEuro = prices.map((price) => ({ ...price, currency: 'EUR' }));
    await organizer
      .post('/api/events')
      .send({ ...event, prices: inEuro })
      .expect(201);
  });

  it('refuses to create a series priced in two currencies, and creates it in one', async () => {
    const { hall, prices } = await pricedHall('EUR', 'GBP');
    const series = {
      hall_id: hall.id,
      title: 'Mixed week',
      showings: [1, 2].map((day) => ({ starts_at: at(day), ends_at: at(day, 2) })),
    };
    const before = await eventCount();
    assertMixedRefused(await organizer.post('/api/events/series').send({ ...series, prices }));
    assert.equal(await eventCount(), before);
    const inPounds = prices.map((price) => ({ ...price, currency: 'GBP' }));
    const res = await organizer
      .post('/api/events/series')
      .send({ ...series, prices: inPounds })
      .expect(201);
    assert.equal(res.body.events.length, 2);
  });

  it('refuses an update that would leave two currencies, keeping the event as it was', async () => {
    const { event, sections } = await euroEvent();
    const [stalls, floor] = sections.map((section) => section.id);
    const res = await organizer.put(`/api/events/${event.id}`).send({
      title: 'Renamed',
      prices: [{ section_id: stalls, price_cents: 900, currency: 'USD' }],
    });
    assertMixedRefused(res);
    const kept = (await organizer.get(`/api/events/${event.id}`).expect(200)).body.event;
    assert.equal(kept.title, event.title);
    assert.deepEqual(
      kept.prices.map((price: { currency: string }) => price.currency),
      ['EUR', 'EUR'],
    );
    // Replacing every section's price changes the currency as a whole.
    const changed = await organizer
      .put(`/api/events/${event.id}`)
      .send({
        prices: [stalls, floor].map((section_id) => ({
          section_id,
          price_cents: 900,
          currency: 'USD',
        })),
      })
      .expect(200);
    assert.deepEqual(
      changed.body.event.prices.map((price: { currency: string }) => price.currency),
      ['USD', 'USD'],
    );
  });

  it('refuses to publish an event whose stored prices are in two currencies', async () => {
    const { event, sections } = await euroEvent();
    await testSequelize().query(
      `UPDATE event_prices SET currency = 'USD' WHERE event_id = :event AND section_id = :section`,
      { replacements: { event: event.id, section: sections[0]!.id } },
    );
    assertMixedRefused(await organizer.post(`/api/events/${event.id}/publish`).send({}));
    const draft = (await organizer.get(`/api/events/${event.id}`).expect(200)).body.event;
    assert.equal(draft.status, 'draft');
    await organizer
      .put(`/api/events/${event.id}`)
      .send({ prices: [{ section_id: sections[0]!.id, price_cents: 2500, currency: 'EUR' }] })
      .expect(200);
    const published = await organizer.post(`/api/events/${event.id}/publish`).send({}).expect(200);
    assert.equal(published.body.event.status, 'published');
  });
});
