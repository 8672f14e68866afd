import assert from 'node:assert/strict';
import { changeSetOf } from '../app/models/seat-changes.js';
import { statesOf } from '../app/models/seat-map.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';
import { holdSeats } from './support/holds.js';

const GOOD_CARD = { provider: 'test', card_number: '4242 4242 4242 4242' };

// A change set counts a section's free seats from its taken ones (migration 0014): the
// count must be what the map shows, whatever state each seat is in.
describe('the seats left in a change set', () => {
  const app = useTestApp();

  async function customer() {
    const agent = newAgent(app.current);
    await signedInAs(agent);
    return agent;
  }

  it('counts held and sold seats as taken, and a hold that ran out as free again', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ rows: 2, perRow: 5 });
    const stalls = sections.find((section) => section.kind === 'seated')!;
    const left = async () =>
      (await changeSetOf(event.id, [seatIds[0]!], []))!.sections.find(
        (section) => section.id === stalls.id,
      )!.available;
    assert.equal(await left(), 10);

    const lapsing = await holdSeats(await customer(), event.id, seatIds.slice(0, 2));
    const buyer = await customer();
    const bought = await holdSeats(buyer, event.id, [seatIds[2]!]);
    const { booking } = (
      await buyer.post('/api/bookings/create').send({ hold_id: bought.id }).expect(201)
    ).body;
    await buyer
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
    await holdSeats(await customer(), event.id, [seatIds[3]!]);
    assert.equal(await left(), 6, 'two held, one sold, one held: four taken');

    // The first hold runs out; the sweeper has not run, and its seats read as free.
    await testSequelize().query(
      `UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = :id;
       UPDATE event_seats SET held_until = now() - interval '1 second' WHERE hold_id = :id`,
      { replacements: { id: lapsing.id } },
    );
    assert.equal(await left(), 8);
    const states = await statesOf(event.id);
    assert.deepEqual(
      { held: states.held, booked: states.booked },
      { held: [seatIds[3]], booked: [seatIds[2]] },
      'the map reads the same seats as taken',
    );
  });

  it('counts the seats itself for an event published before its counts were kept', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ rows: 1, perRow: 5 });
    const stalls = sections.find((section) => section.kind === 'seated')!;
    // As an older process publishes, during a rolling upgrade: no count row.
    await testSequelize().query('DELETE FROM event_seat_counts WHERE event_id = :id', {
      replacements: { id: event.id },
    });
    await holdSeats(await customer(), event.id, seatIds.slice(0, 2));
    const set = await changeSetOf(event.id, [seatIds[0]!], []);
    assert.equal(set!.sections.find((section) => section.id === stalls.id)!.available, 3);
  });
});
