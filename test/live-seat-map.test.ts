import assert from 'node:assert/strict';
import type { SeatChangeSet } from '../app/shared/socket-contract.js';
import { useTestApp } from './support/app.js';
import { newAgent, sessionCookie, signedInAs } from './support/auth.js';
import { buildOnSaleEvent } from './support/factories.js';
import { nextMessage, request, useSockets } from './support/socket.js';
import { LiveSeatMap, type SeatMapSnapshot } from '../app/shared/live-seat-map.js';

describe('live seat maps over Socket.IO', () => {
  const app = useTestApp({ env: { SOCKET_MESSAGES_PER_SECOND: '1000' } });
  const connect = useSockets(app);

  async function customerSocket() {
    const agent = newAgent(app.current);
    await signedInAs(agent);
    return connect({ cookie: sessionCookie(agent) });
  }

  it('pushes a hold to everyone watching, with the right seats, and hides whose hold it is', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 3, perRow: 6 });
    const watcher = await connect();
    const snapshot = await request(watcher, 'events.subscribe', { event_id: event.id });
    assert.equal(snapshot.error, undefined, JSON.stringify(snapshot.data));
    const map = new LiveSeatMap();
    map.load(snapshot.data as SeatMapSnapshot);
    assert.equal(map.seats.size, 18);
    assert.equal((snapshot.data as { hold: unknown }).hold, null);

    const buyer = await customerSocket();
    const pushed = nextMessage(watcher, (message) => message.type === 'seats.changed');
    const held = await request(buyer, 'seats.hold', {
      event_id: event.id,
      seat_ids: seatIds.slice(0, 2),
    });
    assert.equal(held.error, undefined, JSON.stringify(held.data));
    const change = (await pushed).data as SeatChangeSet;
    assert.equal(change.event_id, event.id);
    assert.deepEqual(
      change.seats,
      seatIds.slice(0, 2).map((id) => ({ id, status: 'held' })),
    );
    assert.deepEqual(Object.keys(change).sort(), ['event_id', 'seats', 'sections', 'version']);
    assert.equal(JSON.stringify(change).includes('hold_id'), false, 'nobody learns whose hold');
    assert.equal(map.apply(change), 'applied');
    assert.equal(map.seats.get(seatIds[0]!), 'held');

    // The buyer's own snapshot names their hold, so their page shows those seats as theirs.
    const own = await request(buyer, 'events.subscribe', { event_id: event.id });
    assert.deepEqual(
      (own.data as { hold: { seat_ids: number[] } }).hold.seat_ids,
      seatIds.slice(0, 2),
    );

    await request(watcher, 'events.unsubscribe', { event_id: event.id });
    const quiet = nextMessage(watcher, (message) => message.type === 'seats.changed', 500);
    await request(buyer, 'seats.hold', { event_id: event.id, seat_ids: [seatIds[5]] });
    await assert.rejects(quiet, /no matching message/, 'no pushes after unsubscribing');
  });

  it('coalesces a burst of holds into few messages, and a client that misses one resyncs', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 4, perRow: 10 });
    const watcher = await connect();
    const map = new LiveSeatMap();
    const pushes: SeatChangeSet[] = [];
    watcher.on('message', (message) => {
      if (message.type === 'seats.changed') pushes.push(message.data as SeatChangeSet);
    });
    map.load(
      (await request(watcher, 'events.subscribe', { event_id: event.id })).data as SeatMapSnapshot,
    );

    const buyers = await Promise.all(Array.from({ length: 10 }, () => customerSocket()));
    await Promise.all(
      buyers.map((buyer, index) =>
        request(buyer, 'seats.hold', {
          event_id: event.id,
          seat_ids: seatIds.slice(index * 3, index * 3 + 3),
        }),
      ),
    );
    await app.current.realtime.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(pushes.length >= 1 && pushes.length < 10, `${pushes.length} messages for 10 holds`);
    assert.deepEqual(
      pushes.map((push) => push.version),
      pushes.map((_, index) => map.version + index + 1),
      'versions go up by one per message',
    );

    for (const push of pushes) assert.equal(map.apply(push), 'applied');

    // Two more holds, pushed apart; this client drops the first push, so the second
    // shows a gap, and it subscribes again.
    const first = nextMessage(watcher, (message) => message.type === 'seats.changed');
    await request(buyers[0]!, 'seats.hold', { event_id: event.id, seat_ids: [seatIds[35]] });
    await first;
    const second = nextMessage(watcher, (message) => message.type === 'seats.changed');
    await request(buyers[1]!, 'seats.hold', { event_id: event.id, seat_ids: [seatIds[36]] });
    const missed = (await second).data as SeatChangeSet;
    assert.equal(map.apply(missed), 'gap');
    map.resync();
    assert.equal(map.apply(missed), 'early', 'pushes wait while the snapshot is on its way');
    map.load(
      (await request(watcher, 'events.subscribe', { event_id: event.id })).data as SeatMapSnapshot,
    );
    assert.equal(map.version, missed.version);
    assert.equal(
      [...map.seats.values()].filter((status) => status === 'held').length,
      32,
      'after resyncing, the map shows every hold',
    );
  });
  it('answers every subscriber of a map version with the same snapshot, and a newer one after a change', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 2, perRow: 5, standing: 4 });
    const [first, second] = [await connect(), await connect()];
    const one = await request(first, 'events.subscribe', { event_id: event.id });
    const two = await request(second, 'events.subscribe', { event_id: event.id });
    assert.equal(one.error, undefined, JSON.stringify(one.data));
    assert.deepEqual(two.data, one.data);
    const snapshot = one.data as SeatMapSnapshot & { hold: null };
    assert.deepEqual(Object.keys(snapshot), ['event_id', 'version', 'seats', 'sections', 'hold']);
    assert.deepEqual(snapshot.seats[0], { id: seatIds[0], status: 'available' });

    const buyer = await customerSocket();
    const held = await request(buyer, 'seats.hold', { event_id: event.id, seat_ids: [seatIds[2]] });
    assert.equal(held.error, undefined, JSON.stringify(held.data));
    await app.current.realtime.idle();
    const after = (await request(await connect(), 'events.subscribe', { event_id: event.id }))
      .data as SeatMapSnapshot;
    assert.equal(after.version, snapshot.version + 1);
    assert.equal(after.seats.find((seat) => seat.id === seatIds[2])!.status, 'held');
    assert.equal(after.seats.filter((seat) => seat.status !== 'available').length, 1);
    // The signed-in buyer's snapshot still names their own hold.
    const own = await request(buyer, 'events.subscribe', { event_id: event.id });
    assert.deepEqual((own.data as { hold: { seat_ids: number[] } }).hold.seat_ids, [seatIds[2]]);
  });
});
