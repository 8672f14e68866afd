import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../app/app.js';
import { createSequelize } from '../app/core/database.js';
import { createMethodRegistry } from '../app/registry.js';
import { testConfig, useTestApp } from './support/app.js';
import { testDatabaseUrl, testSequelize } from './support/db.js';
import { capturingLogger, silentLogger } from './support/logger.js';

describe('JSON API', () => {
  const app = useTestApp();
  const http = () => app.current.http();

  describe('GET /api/health', () => {
    it('answers ok with the database up', async () => {
      const res = await http().get('/api/health').expect(200);
      assert.equal(res.body.status, 'ok');
      assert.equal(res.body.db, 'ok');
      assert.ok(Number.isInteger(res.body.uptime_s));
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    it('answers 503 when the database is unreachable', async () => {
      const dead = createSequelize('postgres://nobody:x@127.0.0.1:1/none', { poolMax: 1 });
      try {
        const deadApp = createApp({
          config: testConfig(),
          logger: silentLogger(),
          sequelize: dead,
          databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none',
          registry: createMethodRegistry(),
        });
        const res = await request(deadApp).get('/api/health').expect(503);
        assert.deepEqual(
          { status: res.body.status, db: res.body.db },
          { status: 'error', db: 'unreachable' },
        );
      } finally {
        await dead.close();
      }
    });
  });

  describe('system.ping over HTTP', () => {
    it('GET with the query and POST with a JSON body reach the same method', async () => {
      const get = await http().get('/api/system/ping?echo=hello').expect(200);
      assert.equal(get.body.pong, true);
      assert.equal(get.body.echo, 'hello');
      assert.equal(get.body.signed_in_as, null);
      const post = await http().post('/api/system/ping').send({ echo: '  hi  ' }).expect(200);
      assert.equal(post.body.echo, 'hi');
      assert.ok(!Number.isNaN(Date.parse(post.body.server_time)));
    });

    it('reports invalid input field by field', async () => {
      const res = await http()
        .post('/api/system/ping')
        .send({ echo: 'x'.repeat(201) })
        .expect(400);
      assert.deepEqual(res.body, {
        error: 'VALIDATION_FAILED',
        message: 'Some values are not valid.',
        details: { echo: 'must be at most 200 characters' },
      });
    });

    it('refuses malformed JSON, a non-object body, a non-JSON body and an oversized one', async () => {
      const malformed = await http()
        .post('/api/system/ping')
        .set('Content-Type', 'application/json')
        .send('{"echo":')
        .expect(400);
      assert.equal(malformed.body.error, 'BAD_REQUEST');
      const array = await http().post('/api/system/ping').send([1, 2]).expect(400);
      assert.equal(array.body.error, 'BAD_REQUEST');
      const form = await http().post('/api/system/ping').type('form').send('echo=1').expect(415);
      assert.equal(form.body.error, 'UNSUPPORTED_MEDIA_TYPE');
      const huge = await http()
        .post('/api/system/ping')
        .send({ echo: 'x'.repeat(200_000) })
        .expect(413);
      assert.equal(huge.body.error, 'PAYLOAD_TOO_LARGE');
    });
  });

  it('answers an unknown API route with a JSON NOT_FOUND', async () => {
    const res = await http().get('/api/nothing-here').expect(404);
    assert.deepEqual(res.body, {
      error: 'NOT_FOUND',
      message: 'API route GET /api/nothing-here does not exist.',
    });
  });

  describe('request ids and logging', () => {
    it('gives every response an X-Request-Id, keeping a well-formed incoming one', async () => {
      const fresh = await http().get('/api/health');
      assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const kept = await http().get('/api/health').set('X-Request-Id', 'trace-1234abcd');
      assert.equal(kept.headers['x-request-id'], 'trace-1234abcd');
      const replaced = await http().get('/api/health').set('X-Request-Id', 'bad id <script>');
      assert.notEqual(replaced.headers['x-request-id'], 'bad id <script>');
    });

    it('logs each request with its id and status, without cookies', async () => {
      const { logger, lines } = capturingLogger();
      const logged = createApp({
        config: testConfig(),
        logger,
        sequelize: testSequelize(),
        databaseUrl: testDatabaseUrl(),
        registry: createMethodRegistry(),
      });
      const res = await request(logged).get('/api/system/ping').set('Cookie', 'sid=secret');
      const line = lines.find((entry) => entry.msg === 'request completed');
      assert.ok(line);
      assert.equal((line.req as { id: string }).id, res.headers['x-request-id']);
      assert.equal((line.res as { statusCode: number }).statusCode, 200);
      assert.doesNotMatch(JSON.stringify(lines), /secret/);
    });
  });
});
