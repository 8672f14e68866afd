import { readFileSync } from 'node:fs';
import type { Pool } from 'undici';
import type { Fixture } from '../seed.js';
import { call, type Answer, type TargetKind } from './client.js';

export type User = Fixture['users'][number];

/** The users `from` … `to - 1` of the bench's fixture file (their tokens are secrets). */
export function fixtureUsers(file: string, from: number, to: number): User[] {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  const users = fixture.users.slice(from, to);
  if (users.length < to - from) throw new Error(`the fixture has ${fixture.users.length} users`);
  return users;
}

/**
 * An address in the benchmarking range 198.18.0.0/15 for each `index`, sent as
 * X-Forwarded-For (Seats trusts it from loopback): every simulated person is a client of
 * their own, as buyers are, so no two share the per-address counters. `block` keeps
 * kinds of people apart (sign-ups 198.18, fixture users 198.19).
 */
export const benchAddress = (index: number, block: 18 | 19 = 18) =>
  `198.${block}.${Math.floor(index / 250)}.${(index % 250) + 1}`;

/**
 * A fixture user's request headers: their bearer token and their own address, or with
 * BENCH_ONE_ADDRESS=1 everyone's one address (buyers behind one NAT).
 */
export const asUser = (user: User) => ({
  authorization: `Bearer ${user.token}`,
  'x-forwarded-for': benchAddress(process.env.BENCH_ONE_ADDRESS === '1' ? 0 : user.id, 19),
});

/** Holding and releasing seats: Seats' JSON API with a bearer token, or the bare endpoint. */
export interface HoldTarget {
  hold(user: User, eventId: number, seatIds: number[]): Promise<Answer>;
  release(user: User, holdId: string): Promise<Answer>;
}

export function holdTarget(kind: TargetKind, pool: Pool): HoldTarget {
  if (kind === 'rules' || kind === 'guarded')
    return {
      hold: (user, eventId, seatIds) =>
        call(pool, 'POST', `/${kind}/hold`, {
          headers: asUser(user),
          json: { event_id: eventId, seat_ids: seatIds, user_id: user.id },
        }),
      release: (user, holdId) =>
        call(pool, 'POST', `/${kind}/release`, {
          headers: asUser(user),
          json: { hold_id: holdId, user_id: user.id },
        }),
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
        headers: asUser(user),
        json: { event_id: eventId, seat_ids: seatIds },
      }),
    release: (user, holdId) =>
      call(pool, 'POST', '/api/bookings/release-seats', {
        headers: asUser(user),
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
