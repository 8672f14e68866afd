import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { apiRouter, apiRoutes } from '../app/controllers/api/index.js';
import { inputJsonSchema } from '../app/controllers/api/input-schema.js';
import { toOpenApiPath } from '../app/controllers/api/openapi.js';
import { createMethodRegistry } from '../app/registry.js';
import { useTestApp } from './support/app.js';
import { testSequelize } from './support/db.js';

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
};

describe('OpenAPI document', () => {
  const app = useTestApp();
  let document: Document;
  before(async () => {
    document = (await request(app.current.server).get('/api/openapi.json').expect(200))
      .body as Document;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.equal(document.openapi, '3.1.0');
    const result = await new Validator().validate(document as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('documents every route the API router mounts, and nothing else', () => {
    const deps = {
      sequelize: testSequelize(),
      registry: createMethodRegistry(),
      version: '0',
      publicUrl: 'http://x',
    };
    const router = apiRouter(deps) as unknown as {
      stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    };
    const mounted = router.stack
      .flatMap(({ route }) =>
        route
          ? Object.keys(route.methods).map(
              (verb) => `${verb} ${toOpenApiPath(`/api${route.path}`)}`,
            )
          : [],
      )
      .sort();
    const routes = apiRoutes(deps);
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((verb) => `${verb} ${path}`))
      .sort();
    assert.deepEqual(documented, mounted);
    for (const route of routes)
      assert.ok(route.doc.summary, `${route.verb} ${route.path} has a summary`);
  });

  it('every documented operation is served (not the API 404)', async () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const verb of Object.keys(operations)) {
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await request(app.current.server)[verb as 'get' | 'post'](url).send({});
        assert.ok(
          !(res.status === 404 && /API route .* does not exist/.test(res.body.message ?? '')),
          `${verb} ${path} is not mounted`,
        );
      }
    }
  });

  it('describes a method route’s input from the method’s own schema', () => {
    const get = document.paths['/api/system/ping']!.get as unknown as { parameters: unknown[] };
    assert.deepEqual(get.parameters, [
      { name: 'echo', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } },
    ]);
    assert.deepEqual(
      inputJsonSchema({
        quantity: { isInt: { options: { min: 1, max: 10 } }, toInt: true },
        kind: { optional: true, isIn: { options: [['seated', 'general_admission']] } },
        starts_at: { isISO8601: true },
        note: { optional: true, isString: true, isLength: { options: { min: 2, max: 80 } } },
      }),
      {
        type: 'object',
        properties: {
          quantity: { type: 'integer', minimum: 1, maximum: 10 },
          kind: { enum: ['seated', 'general_admission'] },
          starts_at: { format: 'date-time' },
          note: { type: 'string', minLength: 2, maxLength: 80 },
        },
        required: ['quantity', 'starts_at'],
      },
    );
  });

  it('names each method route after its method type', () => {
    const registry = createMethodRegistry();
    const types = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((op) => op.operationId),
    );
    assert.ok(types.includes('system.ping'));
    for (const type of types)
      assert.ok(type && (registry.get(type) || type.startsWith('system.')), `${type} is a method`);
  });
});
