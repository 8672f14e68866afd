import { readFileSync } from 'node:fs';
import type { Pool } from 'undici';
import type { Fixture } from '../seed.js';
import { call, type Answer } from './client.js';

export type User = Fixture['users'][number];

/** The users `from` … `to - 1` of the bench's fixture file (their tokens are secrets). */
export function fixtureUsers(file: string, from: number, to: number): User[] {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  const users = fixture.users.slice(from, to);
  if (users.length < to - from) throw new Error(`the fixture has ${fixture.users.length} users`);
  return users;
}

export const bearer = (user: User) => ({ authorization: `Bearer ${user.token}` });

/** Holding and releasing seats: Seats' JSON API with a bearer token, or the bare endpoint. */
export interface HoldTarget {
  hold(user: User, eventId: number, seatIds: number[]): Promise<Answer>;
  release(user: User, holdId: string): Promise<Answer>;
}

export function holdTarget(kind: 'seats' | 'bare' | 'rules', pool: Pool): HoldTarget {
  if (kind === 'rules')
    return {
      hold: (user, eventId, seatIds) =>
        call(pool, 'POST', '/rules/hold', {
          json: { event_id: eventId, seat_ids: seatIds, user_id: user.id },
        }),
      release: (user, holdId) =>
        call(pool, 'POST', '/rules/release', { json: { hold_id: holdId, user_id: user.id } }),
    };
  if (kind === 'bare')
    return {
      hold: (_user, eventId, seatIds) =>
        call(pool, 'POST', '/hold', { json: { event_id: eventId, seat_ids: seatIds } }),
      release: (_user, holdId) => call(pool, 'POST', '/release', { json: { hold_id: holdId } }),
    };
  return {
    hold: (user, eventId, seatIds) =>
      call(pool, 'POST', '/api/bookings/hold-seats', {
        headers: bearer(user),
        json: { event_id: eventId, seat_ids: seatIds },
      }),
    release: (user, holdId) =>
      call(pool, 'POST', '/api/bookings/release-seats', {
        headers: bearer(user),
        json: { hold_id: holdId },
      }),
  };
}

export const holdIdOf = (answer: Answer) => (answer.body.hold as { id: string }).id;

/** The seats a SEATS_UNAVAILABLE answer names as taken (both targets name them). */
export const takenSeats = (answer: Answer) =>
  ((answer.body.details as { seat_ids?: number[] } | undefined)?.seat_ids ?? []).map(Number);

/** `count` distinct random items of `items`. */
export function pick<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = 0; i < count && i < copy.length; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
