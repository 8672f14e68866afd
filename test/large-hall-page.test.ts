import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { screenshot, seriousAxeViolations, useBrowser, withPage } from './support/browser.js';
import { buildOnSaleEvent } from './support/factories.js';
import { submit } from './support/forms.js';
import { holdSeats } from './support/holds.js';

describe('the event page of a 2,000-seat hall', function () {
  this.timeout(90_000);
  const app = useTestApp();
  const browser = useBrowser();
  let eventId: number;
  let seatIds: number[];
  let stallsId: number;
  before(async () => {
    const built = await buildOnSaleEvent({ rows: 40, perRow: 50, standing: 200 });
    eventId = built.event.id;
    seatIds = built.seatIds;
    stallsId = built.sections.find((section) => section.kind === 'seated')!.id;
  });

  it('stays within 150 kB (60 kB gzipped) for a visitor and a buyer, seats drawn as bare circles', async () => {
    const visitor = await app.current.http().get(`/events/${eventId}`).expect(200);
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    const signedIn = await buyer.get(`/events/${eventId}`).expect(200);
    for (const page of [visitor.text, signedIn.text]) {
      const bytes = Buffer.byteLength(page);
      assert.ok(bytes <= 150 * 1024, `${bytes} bytes decoded`);
      assert.ok(gzipSync(page).length <= 60 * 1024, `${gzipSync(page).length} bytes gzipped`);
      assert.equal((page.match(/<circle id="s\d+"/g) ?? []).length, 2000);
      assert.doesNotMatch(page, /data-seat-box=/, 'no 2,000 checkboxes on the page');
    }
    assert.match(signedIn.text, new RegExp(`href="/events/${eventId}/sections/${stallsId}"`));
  });

  // Per request, a buyer's page of a large hall costs no drawing of its seats, hold or not.
  it('draws the seat map once per map version, also for a buyer with a hold', async () => {
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await holdSeats(buyer, eventId, [seatIds[1500]!, seatIds[1501]!]);
    await buyer.get(`/events/${eventId}`).expect(200);
    const render = app.current.app.render.bind(app.current.app);
    const drawn: string[] = [];
    app.current.app.render = ((
      view: string,
      ...rest: Parameters<typeof render> extends [unknown, ...infer R] ? R : never
    ) => {
      if (view === 'partials/seat-map') drawn.push(view);
      return render(view, ...rest);
    }) as typeof app.current.app.render;
    try {
      for (let i = 0; i < 3; i++) {
        const page = await buyer.get(`/events/${eventId}`).expect(200);
        assert.match(page.text, new RegExp(`data-hold="[^"]*\\b${seatIds[1500]}\\b`));
      }
    } finally {
      app.current.app.render = render;
    }
    assert.deepEqual(drawn, []);
  });

  it('lets a buyer without JavaScript hold seats from a section’s own page', async () => {
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    const page = `/events/${eventId}/sections/${stallsId}`;
    const section = await buyer.get(page).expect(200);
    assert.equal((section.text.match(/data-seat-box=/g) ?? []).length, 2000);
    const held = await submit(buyer, page, `/events/${eventId}/hold`, {
      seat_ids: [String(seatIds[10]), String(seatIds[11])],
    });
    assert.equal(held.status, 303);
    const back = await buyer.get(`/events/${eventId}`).expect(200);
    assert.match(back.text, /Your seats/);
    assert.match(back.text, /<li>A11<\/li><li>A12<\/li>/);
    await app.current.http().get(`/events/${eventId}/sections/999999`).expect(404);
  });

  it('names every seat in the browser and passes axe at 390 and 1280 px', async () => {
    for (const width of [390, 1280]) {
      await withPage(
        browser.current,
        async (page) => {
          await page.goto(`${app.current.baseUrl}/events/${eventId}`);
          await page.locator('[data-live-map][data-version]').waitFor();
          const named = await page.locator('circle.seat[aria-label]').count();
          assert.equal(named, 2000);
          assert.match(
            (await page.locator(`[data-seat-id="${seatIds[0]}"]`).getAttribute('aria-label')) ?? '',
            /^Stalls, row A, seat 1, €25\.00, (available|held)/,
          );
          assert.deepEqual(await seriousAxeViolations(page), []);
          await screenshot(page, `large-hall-${width}`);
        },
        { viewport: { width, height: 900 } },
      );
    }
  });
});
