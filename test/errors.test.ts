import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { useViews } from '../app/app.js';
import { errorHandler, notFound } from '../app/controllers/error-handler.js';
import { createSequelize } from '../app/core/database.js';
import { AppError, toAppError } from '../app/core/errors.js';
import { requestLogger } from '../app/core/request-logger.js';
import { User } from '../app/models/index.js';
import { testConfig } from './support/app.js';
import { resetDatabase, testDatabaseUrl, testSequelize } from './support/db.js';
import { buildUser } from './support/factories.js';
import { capturingLogger } from './support/logger.js';

describe('errors', () => {
  before(resetDatabase);

  describe('toAppError maps library errors once', () => {
    it('Sequelize validation → VALIDATION_FAILED with the field', async () => {
      const error = await User.build({ username: 'No Spaces Allowed!', totp_secret: 'x' })
        .validate()
        .catch(toAppError);
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.match(String(error.details?.username), /3 to 32 characters/);
    });

    it('a known unique violation → its own code (USERNAME_TAKEN)', async () => {
      await buildUser({ username: 'taken_name' });
      const error = await buildUser({ username: 'TAKEN_name' }).catch(toAppError);
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'USERNAME_TAKEN');
      assert.equal(error.status, 409);
    });

    it('any other unique violation → VALIDATION_FAILED on its columns', async () => {
      const db = testSequelize();
      await db.query(
        'CREATE TEMP TABLE gadgets (serial text CONSTRAINT gadgets_serial_key UNIQUE)',
      );
      await db.query("INSERT INTO gadgets VALUES ('a1')");
      const error = await db.query("INSERT INTO gadgets VALUES ('a1')").catch(toAppError);
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.deepEqual(error.details, { serial: 'is already taken' });
    });

    it('an unreachable database → SERVICE_UNAVAILABLE', async () => {
      const dead = createSequelize('postgres://nobody:x@127.0.0.1:1/none', { poolMax: 1 });
      try {
        const error = await dead.query('SELECT 1').catch(toAppError);
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'SERVICE_UNAVAILABLE');
        assert.equal(error.status, 503);
      } finally {
        await dead.close();
      }
    });

    it('CHECK and NOT NULL violations → VALIDATION_FAILED naming the rule or column', async () => {
      const db = testSequelize();
      const check = await db
        .query(
          "INSERT INTO users (username, role, totp_secret) VALUES ('rule_breaker', 'king', 'x')",
        )
        .catch(toAppError);
      assert.ok(check instanceof AppError);
      assert.equal(check.code, 'VALIDATION_FAILED');
      assert.deepEqual(check.details, { users_role_check: 'is not allowed' });
      const missing = await db
        .query("INSERT INTO users (username, totp_secret) VALUES (NULL, 'x')")
        .catch(toAppError);
      assert.ok(missing instanceof AppError);
      assert.deepEqual(
        [missing.code, missing.details],
        ['VALIDATION_FAILED', { username: 'is required' }],
      );
    });

    it('a malformed value reaching SQL → BAD_REQUEST', async () => {
      const error = await testSequelize().query("SELECT 'abc'::int").catch(toAppError);
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'BAD_REQUEST');
    });

    it('a connection killed in the middle of a query → SERVICE_UNAVAILABLE', async () => {
      const db = testSequelize();
      const victim = db.query("SELECT pg_sleep(5), 'victim'").catch(toAppError);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%''victim''%' AND pid <> pg_backend_pid()",
      );
      const error = await victim;
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'SERVICE_UNAVAILABLE');
      const dropped = toAppError(
        Object.assign(new Error('Connection terminated unexpectedly'), {}),
      );
      assert.equal(
        dropped.code,
        'SERVICE_UNAVAILABLE',
        'pg reports a dropped socket without a code',
      );
    });

    it('a connection killed in the middle of a query is dropped, not handed to the next caller', async () => {
      // One connection, so the next query gets the killed one unless the pool dropped it.
      const lone = createSequelize(testDatabaseUrl(), { poolMax: 1 });
      try {
        for (let round = 0; round < 3; round++) {
          const victim = lone.query(`SELECT pg_sleep(5), 'lone victim ${round}'`).catch(toAppError);
          await new Promise((resolve) => setTimeout(resolve, 100));
          await testSequelize().query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%''lone victim ${round}''%' AND pid <> pg_backend_pid()`,
          );
          const error = await victim;
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'SERVICE_UNAVAILABLE');
          const [rows] = await lone.query('SELECT 1 AS one');
          assert.deepEqual(rows, [{ one: 1 }]);
        }
      } finally {
        await lone.close();
      }
    });

    it('anything else → INTERNAL, without its own message', () => {
      const error = toAppError(new Error('relation "secret_table" does not exist'));
      assert.equal(error.code, 'INTERNAL');
      assert.equal(error.status, 500);
      assert.doesNotMatch(error.message, /secret_table/);
    });
  });

  describe('the renderer', () => {
    function failingApp() {
      const { logger, lines } = capturingLogger();
      const app = express();
      useViews(app, testConfig());
      app.use(requestLogger(logger));
      app.get('/api/boom', () => {
        throw new Error('SELECT * FROM users: syntax error');
      });
      app.get('/boom', () => {
        throw new Error('SELECT * FROM users: syntax error');
      });
      app.get('/api/gone', () => {
        throw new AppError('NOT_FOUND', 'No such booking.');
      });
      app.use(notFound('Page'));
      app.use(errorHandler);
      return { app, lines };
    }

    it('answers INTERNAL with a request id and no stack or SQL, and logs the error under that id', async () => {
      const { app, lines } = failingApp();
      const res = await request(app).get('/api/boom').expect(500);
      assert.equal(res.body.error, 'INTERNAL');
      assert.equal(res.body.request_id, res.headers['x-request-id']);
      assert.doesNotMatch(res.text, /SELECT|syntax|at .*\.ts/);
      const logged = lines.find((line) => line.msg === 'request failed');
      assert.ok(logged, 'the failure is logged');
      assert.equal((logged.req as { id: string }).id, res.body.request_id);
      assert.match(JSON.stringify(logged.err), /SELECT \* FROM users/);
    });

    it('renders a styled error page for page requests', async () => {
      const { app } = failingApp();
      const res = await request(app).get('/boom').set('Accept', 'text/html').expect(500);
      assert.match(res.headers['content-type'] ?? '', /text\/html/);
      assert.match(res.text, /class="site-header"/);
      assert.match(res.text, /Something went wrong/);
      assert.match(res.text, new RegExp(String(res.headers['x-request-id'])));
      assert.doesNotMatch(res.text, /SELECT/);
    });

    it('falls back to plain text, still without internals, when the error page cannot render', async () => {
      const { app } = failingApp();
      app.set('views', '/nonexistent');
      const res = await request(app).get('/boom').set('Accept', 'text/html').expect(500);
      assert.match(res.headers['content-type'] ?? '', /text\/plain/);
      assert.match(res.text, new RegExp(`Request id: ${String(res.headers['x-request-id'])}`));
      assert.doesNotMatch(res.text, /SELECT|at .*\.(ts|js)|nonexistent/);
    });

    it('answers JSON for /api itself, not only below it', async () => {
      const { app } = failingApp();
      const res = await request(app).get('/api').set('Accept', 'text/html').expect(404);
      assert.match(res.headers['content-type'] ?? '', /json/);
    });

    it('keeps an AppError’s code, status and message', async () => {
      const { app } = failingApp();
      const res = await request(app).get('/api/gone').expect(404);
      assert.deepEqual(res.body, { error: 'NOT_FOUND', message: 'No such booking.' });
    });
  });
});
