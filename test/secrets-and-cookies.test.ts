import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../app/core/config.js';
import { Secrets } from '../app/core/secrets.js';
import { ENROLLMENT_TTL_MS } from '../app/core/session.js';
import verify from '../app/methods/auth/verify.js';
import { invokeMethod } from '../app/methods/invoke.js';
import { User } from '../app/models/index.js';
import { beginEnrollment } from '../app/models/enrollment.js';
import { useTestApp } from './support/app.js';
import { methodContext } from './support/context.js';
import { codeFor } from './support/factories.js';
import { testSecrets } from './support/secrets.js';
import { useTempDir } from './support/temp-dir.js';

describe('secrets', () => {
  const tmp = useTempDir('seats-secrets', { each: true });

  it('seals with AES-256-GCM: round trip, a fresh IV each time, tampering detected', () => {
    const sealed = testSecrets.encrypt('JBSWY3DPEHPK3PXP');
    assert.match(sealed, /^v1\./);
    assert.notEqual(testSecrets.encrypt('JBSWY3DPEHPK3PXP'), sealed);
    assert.equal(testSecrets.decrypt(sealed), 'JBSWY3DPEHPK3PXP');
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${data!.startsWith('A') ? 'B' : 'A'}${data!.slice(1)}`;
    assert.throws(() => testSecrets.decrypt(flipped));
    assert.throws(() => new Secrets('another-key-that-is-long-enough-0123456789').decrypt(sealed));
  });

  it('without SECRET_KEY, generates a key once in DATA_DIR (mode 0600) and keeps using it', () => {
    const config = loadConfig({ DATA_DIR: tmp.path });
    const sealed = Secrets.fromConfig(config).encrypt('kept');
    const file = path.join(tmp.path, 'secret.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(Secrets.fromConfig(config).decrypt(sealed), 'kept');
  });

  it('requires SECRET_KEY in production', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      /SECRET_KEY="": is required when NODE_ENV=production/,
    );
    assert.throws(
      () => loadConfig({ SECRET_KEY: 'short' }),
      /SECRET_KEY="short": must be at least 32/,
    );
  });
});

describe('pending enrolments', () => {
  before(async () => {
    await User.destroy({ where: { username: 'slow_scanner' } });
  });

  it('expire after ten minutes', async () => {
    const ctx = methodContext();
    const { pending, candidate } = await beginEnrollment('signup', 'slow_scanner', testSecrets);
    assert.ok(pending.expires_at - Date.now() <= ENROLLMENT_TTL_MS);
    await ctx.auth.setPending({ ...pending, expires_at: Date.now() - 1 });
    await assert.rejects(
      invokeMethod(verify, ctx, { username: 'slow_scanner', code: codeFor(candidate.secret) }),
      {
        code: 'INVALID_CODE',
      },
    );
    assert.equal(await User.count({ where: { username: 'slow_scanner' } }), 0);
  });
});

describe('session cookie and CORS under https', () => {
  const app = useTestApp({
    env: { PUBLIC_URL: 'https://tickets.example', ALLOWED_ORIGINS: 'https://tickets.example' },
  });

  it('uses a __Host- cookie that is Secure, HttpOnly and SameSite=Lax', async () => {
    const res = await app.current
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'cookie_check' })
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^__Host-seats\.sid=/);
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Lax/);
  });

  it('keeps the form token in a __Host- cookie too, Secure and SameSite=Strict', async () => {
    const res = await app.current
      .http()
      .get('/login')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^__Host-seats\.csrf=/);
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Strict/);
  });

  it('answers CORS with credentials for allowed origins only', async () => {
    const allowed = await app.current
      .http()
      .options('/api/auth/me')
      .set('Origin', 'https://tickets.example')
      .set('Access-Control-Request-Method', 'GET');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://tickets.example');
    assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
    const foreign = await app.current
      .http()
      .get('/api/auth/me')
      .set('Origin', 'https://evil.example');
    assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  });
});
