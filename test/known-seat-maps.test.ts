import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildEvent, buildOnSaleEvent } from './support/factories.js';
import { holdSeats } from './support/holds.js';
import { statementsDuring } from './support/statements.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A visitor's read of a seat map this process knows is answered before the middleware,
// without a query; a change shows at once if this process made it, and within
// SEAT_VERSION_TRUST_MS (100 ms here) if another did.
describe('known seat maps', () => {
  const app = useTestApp({ env: { SEAT_VERSION_TRUST_MS: '100' } });
  const visitor = () => app.current.http();

  it('answers a visitor’s 304 with no query and the headers the route gives', async () => {
    const { event } = await buildOnSaleEvent({ rows: 5, perRow: 10 });
    const url = `/api/events/${event.id}/seats`;
    const first = await visitor().get(url).expect(200);
    const etag = first.headers.etag!;
    let fast: Response | undefined;
    const statements = await statementsDuring(async () => {
      fast = await visitor().get(url).set('If-None-Match', etag).expect(304);
    });
    assert.deepEqual(statements, []);
    assert.equal(fast!.headers.etag, etag);
    assert.match(String(fast!.headers.vary), /Cookie/);
    assert.match(String(fast!.headers.vary), /Authorization/);
    // Answered before the middleware: none of helmet's headers (the stored 200 has them).
    assert.equal(fast!.headers['x-content-type-options'], undefined);
    // Not for callers who may see another answer: they take the route, which marks a
    // signed-in answer private.
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const signedIn = await agent.get(url).set('If-None-Match', etag).expect(304);
    // The early answer gives the route's caching headers, as a 304 must repeat them.
    for (const name of ['cache-control', 'vary', 'etag'])
      assert.equal(fast!.headers[name], signedIn.headers[name], name);
    // A stale tag is a full answer.
    await visitor().get(url).set('If-None-Match', 'W/"stale"').expect(200);
  });

  it('answers a visitor’s read with no query, gzipped, with the security headers and the route’s body', async () => {
    const { event } = await buildOnSaleEvent({ rows: 5, perRow: 10 });
    const url = `/api/events/${event.id}/seats`;
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const routed = await agent.get(url).expect(200);
    let fast: Response | undefined;
    const statements = await statementsDuring(async () => {
      fast = await visitor().get(url).set('Accept-Encoding', 'gzip').expect(200);
    });
    assert.deepEqual(statements, []);
    assert.deepEqual(fast!.body, routed.body);
    assert.equal(fast!.headers.etag, routed.headers.etag);
    assert.equal(fast!.headers['content-encoding'], 'gzip');
    assert.match(String(fast!.headers['content-type']), /^application\/json/);
    assert.equal(fast!.headers['x-content-type-options'], 'nosniff');
    assert.match(String(fast!.headers['content-security-policy']), /default-src 'self'/);
    for (const name of ['cache-control', 'vary', 'content-type', 'etag'])
      assert.equal(fast!.headers[name], routed.headers[name], name);
  });

  it('shows this process’s change at once, and another process’s within the trust window', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 5, perRow: 10 });
    const url = `/api/events/${event.id}/seats`;
    const etag = (await visitor().get(url).expect(200)).headers.etag!;
    await visitor().get(url).set('If-None-Match', etag).expect(304);

    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await holdSeats(buyer, event.id, [seatIds[0]!]);
    const changed = await visitor().get(url).set('If-None-Match', etag).expect(200);
    const seat = changed.body.seats.find((item: { id: number }) => item.id === seatIds[0]);
    assert.equal(seat.status, 'held');

    // Another node's change moves the version behind this process's back.
    const etag2 = (await visitor().get(url).expect(200)).headers.etag!;
    await visitor().get(url).set('If-None-Match', etag2).expect(304);
    await testSequelize().query(
      'UPDATE seat_map_versions SET version = version + 1 WHERE event_id = :id',
      { replacements: { id: event.id } },
    );
    await sleep(150);
    const moved = await visitor().get(url).set('If-None-Match', etag2).expect(200);
    assert.ok(moved.body.version > changed.body.version);
  });

  it('never answers a draft’s map to a visitor', async () => {
    const { event } = await buildEvent();
    const url = `/api/events/${event.id}/seats`;
    await visitor().get(url).set('If-None-Match', '*').expect(404);
  });
});
