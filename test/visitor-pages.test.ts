import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { holdSeats } from './support/holds.js';
import { statementsDuring } from './support/statements.js';
import { buildOnSaleEvent } from './support/factories.js';

const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

describe('event pages for visitors', function () {
  this.timeout(30_000);
  const app = useTestApp();

  it('are kept a second: no SQL for a repeat view, each with its own CSP nonce, gzipped or not', async () => {
    const { event } = await buildOnSaleEvent({ rows: 20, perRow: 50 });
    const url = `${app.current.baseUrl}/events/${event.id}`;
    const first = await fetch(url);
    const firstHtml = await first.text();
    let second: Response | undefined;
    const statements = await statementsDuring(async () => {
      second = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
      // Another spelling of the same page is the same kept page, not a fresh render.
      await fetch(`${url}?nocache=${Math.random()}`).then((res) => res.text());
      await fetch(`${app.current.baseUrl}/events/00${event.id}`).then((res) => res.text());
    });
    assert.deepEqual(statements, [], 'a repeat view within the second reads nothing');
    const secondHtml = await second!.text();
    assert.equal(second!.headers.get('content-encoding'), null);
    assert.equal(first.headers.get('content-encoding'), 'gzip');
    const [a, b] = [
      nonceOf(first.headers.get('content-security-policy')),
      nonceOf(second!.headers.get('content-security-policy')),
    ];
    assert.ok(a && b && a !== b, 'a fresh nonce each time');
    assert.match(firstHtml, new RegExp(`<script nonce="${a!.replace(/[+/]/g, '\\$&')}"`));
    assert.match(secondHtml, new RegExp(`<script nonce="${b!.replace(/[+/]/g, '\\$&')}"`));
    assert.equal(firstHtml.replaceAll(a!, 'N'), secondHtml.replaceAll(b!, 'N'), 'the same page');
    assert.equal(first.headers.get('set-cookie'), null, 'no cookie for a visitor');
    assert.equal(first.headers.get('cache-control'), 'private, no-cache', 'no shared cache');
  });

  it('shows a change after the second is up, and always renders afresh for a signed-in buyer', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 5 });
    const page = `/events/${event.id}`;
    await app.current.http().get(page).expect(200);
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await holdSeats(buyer, event.id, [seatIds[0]!]);
    await app.current.realtime.idle();
    const own = await buyer.get(page).expect(200);
    assert.match(own.text, /Your seats/);
    assert.match(own.text, /seat--mine/);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const later = await app.current.http().get(page).expect(200);
    assert.equal((later.text.match(/class="seat seat--held"/g) ?? []).length, 1);
  });

  it('answers a cookie-less repeat view before the middleware, as the page route would', async () => {
    const { event } = await buildOnSaleEvent({ rows: 2, perRow: 10 });
    const url = `${app.current.baseUrl}/events/${event.id}`;
    const routed = await fetch(url, { headers: { cookie: 'other=1' } });
    const early = await fetch(url);
    // Only the request log sets X-Request-Id: the early answer skipped it and the rest.
    assert.ok(routed.headers.get('x-request-id'));
    assert.equal(early.headers.get('x-request-id'), null);
    for (const name of ['content-security-policy', 'x-content-type-options', 'cache-control'])
      assert.ok(early.headers.get(name), `${name} on the early answer`);
    assert.match(String(early.headers.get('vary')), /Cookie/);
    const [a, b] = [routed, early].map((res) =>
      nonceOf(res.headers.get('content-security-policy'))!,
    );
    assert.equal(
      (await routed.text()).replaceAll(a!, 'N'),
      (await early.text()).replaceAll(b!, 'N'),
      'the same page',
    );
  });
});
