import assert from 'node:assert/strict';
import { SeatFeed } from '../app/core/seat-feed.js';
import type { SeatChangeSet } from '../app/shared/socket-contract.js';

describe('the seat feed', () => {
  /** A feed whose change sets name what was asked for, with the time each went out. */
  function feed(windowMs: number) {
    const sent: Array<{ at: number; seats: number[] }> = [];
    let version = 0;
    const seatFeed = new SeatFeed(
      async (eventId, seatIds) => ({
        event_id: eventId,
        version: ++version,
        seats: seatIds.map((id) => ({ id, status: 'held' as const })),
        sections: [],
      }),
      (change: SeatChangeSet) =>
        sent.push({ at: performance.now(), seats: change.seats.map((seat) => seat.id) }),
      (error) => assert.fail(String(error)),
      windowMs,
    );
    return { seatFeed, sent };
  }

  it('sends a change after a quiet moment at once, not after the window', async () => {
    const { seatFeed, sent } = feed(200);
    const started = performance.now();
    seatFeed.add(1, [7], []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(sent.length, 1, 'out within 50 ms of a 200 ms window');
    assert.ok(sent[0]!.at - started < 50);
  });

  it('gathers what changes within the window after a change set into the next one', async () => {
    const { seatFeed, sent } = feed(100);
    seatFeed.add(1, [1], []);
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (let seat = 2; seat <= 10; seat++) seatFeed.add(1, [seat], []);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(
      sent.map((item) => item.seats),
      [[1], [2, 3, 4, 5, 6, 7, 8, 9, 10]],
    );
    assert.ok(sent[1]!.at - sent[0]!.at >= 95, 'a window apart');
    seatFeed.add(1, [11], []);
    seatFeed.add(2, [5], []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent.at(-1)!.seats, [5], 'another event is not held back');
  });
});
