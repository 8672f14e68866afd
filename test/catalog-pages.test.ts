import assert from 'node:assert/strict';
import { publishEvent } from '../app/models/event-publishing.js';
import { Seat } from '../app/models/index.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { useBrowser, withPage } from './support/browser.js';
import { buildEvent, buildHall } from './support/factories.js';

describe('catalog pages', function () {
  this.timeout(60_000);
  const app = useTestApp();
  const browser = useBrowser();
  let published: number;
  let draft: number;
  before(async () => {
    const { hall } = await buildHall({ rows: 2, perRow: 5, standing: 30 });
    const concert = await buildEvent({ hall, title: 'Harbour Lights Concert', startsInDays: 3 });
    await publishEvent(concert.event.id, () => {});
    published = concert.event.id;
    const [seatA, seatB] = (
      await Seat.findAll({ where: { section_id: concert.sections[0]!.id }, order: [['id', 'ASC']] })
    ).map((seat) => seat.id);
    const holder = newAgent(app.current);
    await signedInAs(holder);
    await holder
      .post('/api/bookings/hold-seats')
      .send({ event_id: published, seat_ids: [seatA, seatB] })
      .expect(201);
    draft = (await buildEvent({ hall, title: 'Secret Rehearsal' })).event.id;
  });

  it('lists upcoming published events on / with search and filters, never drafts', async () => {
    const home = await app.current.http().get('/').expect(200);
    assert.match(home.text, /Harbour Lights Concert/);
    assert.doesNotMatch(home.text, /Secret Rehearsal/);
    assert.match(home.text, /from €25\.00/);
    const miss = await app.current.http().get('/?q=symphony').expect(200);
    assert.match(miss.text, /No events match/);
    const bad = await app.current.http().get('/?from=not-a-date').expect(400);
    assert.match(bad.text, /Check the search fields/);
  });

  it('draws the seat map server-side: focusable seats with row, number, section, price and state', async () => {
    const page = await app.current.http().get(`/events/${published}`).expect(200);
    const seats =
      page.text.match(/<g class="seat seat--\w+" tabindex="0" role="img" aria-label="[^"]+"/g) ??
      [];
    assert.equal(seats.length, 10);
    assert.match(page.text, /aria-label="Stalls, row A, seat 1, €25\.00, held by someone"/);
    assert.equal((page.text.match(/class="seat seat--held"/g) ?? []).length, 2);
    assert.match(
      page.text,
      /<td>Floor \(standing\)<\/td><td>€25\.00<\/td><td><span data-section-left="\d+">30<\/span> of 30<\/td>/,
    );
    await app.current.http().get(`/events/${draft}`).expect(404);
  });

  it('shows the event page in a browser with no console error, and seats take keyboard focus', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/events/${published}`);
      await page.keyboard.press('Tab');
      for (let i = 0; i < 30; i++) {
        const focused = await page.evaluate(
          'document.activeElement && document.activeElement.getAttribute("aria-label")',
        );
        if (typeof focused === 'string' && focused.includes('row A, seat')) return;
        await page.keyboard.press('Tab');
      }
      assert.fail('no seat took the keyboard focus');
    }));
});
