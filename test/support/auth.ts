import assert from 'node:assert/strict';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { User } from '../../app/models/index.js';
import type { Role } from '../../app/shared/types.js';
import type { TestApp } from './app.js';
import { testSequelize } from './db.js';
import { buildUser, codeFor } from './factories.js';

/** A client with its own cookie jar. */
export const newAgent = (app: TestApp): TestAgent => request.agent(app.server);

/** Enrols a new account through the JSON API; returns its secret and recovery codes. */
export async function signUp(agent: TestAgent, username: string) {
  const started = await agent.post('/api/auth/login').send({ username }).expect(200);
  assert.equal(started.body.status, 'candidate');
  const secret = started.body.secret as string;
  const verified = await agent
    .post('/api/auth/verify')
    .send({ username, code: codeFor(secret) })
    .expect(200);
  return {
    secret,
    user: verified.body.user as { id: number; username: string; role: Role },
    recovery_codes: verified.body.recovery_codes as string[],
  };
}

/**
 * Signs `user` in on `agent`. A code works once per user, so a second device signs in
 * with the next step's code (`step` 1), which the ±1 window accepts.
 */
export async function signInAs(agent: TestAgent, user: User, step = 0): Promise<void> {
  await agent
    .post('/api/auth/verify')
    .send({ username: user.username, code: codeFor(user, -step) })
    .expect(200);
}

/** A saved user of `role`, signed in on `agent` with a session cookie. */
export async function signedInAs(agent: TestAgent, role: Role = 'customer'): Promise<User> {
  const user = await buildUser({ role });
  await agent
    .post('/api/auth/verify')
    .send({ username: user.username, code: codeFor(user) })
    .expect(200);
  return user;
}

/** The session cookie (name=value) an agent holds. */
export function sessionCookie(agent: TestAgent): string {
  const jar = (
    agent as unknown as {
      jar: { getCookies(access: object): Array<{ name: string; value: string }> };
    }
  ).jar;
  const cookie = jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .find((item) => item.name === 'seats.sid');
  assert.ok(cookie, 'the agent holds a session cookie');
  return `${cookie.name}=${cookie.value}`;
}

/** Moves a session time of `userId`'s sessions `msAgo` into the past, as if time had passed. */
export async function ageSessions(
  userId: number,
  field: 'signed_in_at' | 'last_seen_at' | 'verified_at',
  msAgo: number,
) {
  await testSequelize().query(
    `UPDATE sessions SET sess = jsonb_set(sess::jsonb, ARRAY['auth', :field], to_jsonb(:t::bigint))::json
      WHERE (sess -> 'auth' ->> 'user_id')::int = :id`,
    { replacements: { field, t: Date.now() - msAgo, id: userId } },
  );
}

/** As if `userId` signed in more than the re-authentication window ago (10 minutes). */
export const outsideReauthWindow = (userId: number) =>
  ageSessions(userId, 'verified_at', 11 * 60 * 1000);
