// A sign-up rush: `count` new people sign up at the same moment, each on a connection and
// a session cookie of their own: POST /api/auth/login with a new name (a candidate with
// an authenticator secret), then /api/auth/verify with the code their app would show,
// computed from that secret. Each comes from an address of its own in 198.18.0.0/15 (the
// benchmarking range), passed as X-Forwarded-For, which Seats trusts from loopback
// (TRUST_PROXY): 200 people are not one client, and the per-address sign-up limit stays on.
import { performance } from 'node:perf_hooks';
import { generateSync } from 'otplib';
import type { Summary } from '../stats.js';
import { Recorder, args, call, connect, finish } from './client.js';
import { benchAddress } from './targets.js';

const input = args<{ base: string; count: number; prefix: string }>();
const pool = connect(input.base, input.count);
const recorder = new Recorder();

// Connections open first, so the rush times sign-ups, not TCP handshakes.
await Promise.all(Array.from({ length: input.count }, () => call(pool, 'GET', '/api/health')));

let ok = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: input.count }, async (_, index) => {
    const username = `${input.prefix}${index}`;
    const headers = { 'x-forwarded-for': benchAddress(index) };
    const begun = performance.now();
    const login = await call(pool, 'POST', '/api/auth/login', { headers, json: { username } });
    recorder.add('start', login.ms);
    if (login.status !== 200 || login.body.status !== 'candidate') return recorder.error(login);
    const cookie = [login.headers['set-cookie'] ?? ''].flat()[0]!.split(';')[0]!;
    const code = generateSync({ secret: String(login.body.secret) });
    const verify = await call(pool, 'POST', '/api/auth/verify', {
      headers: { ...headers, cookie },
      json: { username, code },
    });
    recorder.add('verify', verify.ms);
    if (verify.status !== 200) return recorder.error(verify);
    recorder.add('signup', performance.now() - begun);
    ok++;
  }),
);
const seconds = (performance.now() - started) / 1000;
await pool.close();
export interface SignupResult {
  ok: number;
  seconds: number;
  signupsPerSecond: number;
  errorCount: number;
  errors: Record<string, number>;
  latency: Record<string, Summary>;
}
finish({
  ok,
  seconds,
  signupsPerSecond: ok / seconds,
  errorCount: recorder.errorCount,
  errors: recorder.errors,
  latency: recorder.summary(),
} satisfies SignupResult);
