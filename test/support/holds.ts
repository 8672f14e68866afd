import type TestAgent from 'supertest/lib/agent.js';

/** Holds seats over the JSON API as `agent`, expecting `201`; answers the hold. */
export async function holdSeats(
  agent: TestAgent,
  eventId: number,
  seatIds: number[],
): Promise<{ id: string; seat_ids: number[]; expires_at: string }> {
  const res = await agent
    .post('/api/bookings/hold-seats')
    .send({ event_id: eventId, seat_ids: seatIds })
    .expect(201);
  return res.body.hold;
}
