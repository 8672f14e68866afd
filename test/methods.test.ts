import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { AppError } from '../app/core/errors.js';
import { defineMethod, type AnyMethod } from '../app/methods/define.js';
import { ALL_METHODS } from '../app/methods/index.js';
import { createMethodRegistry } from '../app/registry.js';
import { SUBSCRIPTION_METHODS } from '../app/subscriptions/index.js';
import { checkSchema, matchedData, validationResult, type Schema } from 'express-validator';
import { invokeMethod, validateBody } from '../app/methods/invoke.js';
import { MethodDeclarationError, MethodRegistry } from '../app/methods/registry.js';
import type { Actor, Role } from '../app/shared/types.js';
import { methodContext } from './support/context.js';

const ctx = (actor: Actor | null = null) => methodContext(actor);

const actor = (role: Role): Actor => ({ id: 1, username: `a_${role}`, role });

const staffOnly = defineMethod<{ count: number; note?: string }, { count: number; keys: string[] }>(
  {
    type: 'tests.staff_only',
    summary: 'A method for staff.',
    access: ['staff'],
    scope: 'write',
    input: {
      count: {
        isInt: { options: { min: 1, max: 10 }, errorMessage: 'must be 1 to 10' },
        toInt: true,
      },
      note: { optional: true, isString: true },
    },
    async run(_ctx, input) {
      return { count: input.count, keys: Object.keys(input) };
    },
  },
);

describe('method layer', () => {
  describe('registry', () => {
    it('registers every application method at boot', () => {
      const registry = createMethodRegistry();
      assert.equal(registry.list().length, ALL_METHODS.length + SUBSCRIPTION_METHODS.length);
      assert.ok(registry.get('system.ping'));
    });

    it('refuses a method that declares no access, naming it', () => {
      const { access: _access, ...noAccess } = staffOnly;
      assert.throws(
        () => new MethodRegistry([noAccess as unknown as AnyMethod]),
        (error: unknown) => {
          assert.ok(error instanceof MethodDeclarationError);
          assert.match(error.message, /"tests.staff_only".*no valid access/);
          return true;
        },
      );
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, access: ['superuser'] } as unknown as AnyMethod]),
        /no valid access/,
      );
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, access: [] } as unknown as AnyMethod]),
        /no valid access/,
      );
    });

    it('refuses a method that declares no token scope, or re-authentication outside a session', () => {
      const { scope: _scope, ...noScope } = staffOnly;
      assert.throws(
        () => new MethodRegistry([noScope as unknown as AnyMethod]),
        /"tests.staff_only".*no valid scope/,
      );
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, scope: 'everything' } as unknown as AnyMethod]),
        /no valid scope/,
      );
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, reauth: true } as unknown as AnyMethod]),
        /re-authentication, so its scope is 'session'/,
      );
    });

    it('lets a transport use only registered methods', () => {
      const registry = createMethodRegistry();
      assert.equal(registry.registered(ALL_METHODS[0]!), ALL_METHODS[0]);
      assert.throws(
        () => registry.registered(staffOnly),
        /"tests.staff_only" is used by a transport but not registered/,
      );
    });

    it('refuses bad types, missing schemas and duplicates', () => {
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, type: 'Ping' } as AnyMethod]),
        /namespace.action/,
      );
      assert.throws(
        () => new MethodRegistry([{ ...staffOnly, input: undefined } as unknown as AnyMethod]),
        /no input schema/,
      );
      assert.throws(
        () => new MethodRegistry([staffOnly as AnyMethod, staffOnly as AnyMethod]),
        /declared twice/,
      );
    });
  });

  describe('invokeMethod', () => {
    it('asks visitors to sign in and refuses other roles', async () => {
      await assert.rejects(invokeMethod(staffOnly, ctx(), { count: 1 }), {
        code: 'UNAUTHENTICATED',
        status: 401,
      });
      await assert.rejects(invokeMethod(staffOnly, ctx(actor('customer')), { count: 1 }), {
        code: 'FORBIDDEN',
        status: 403,
      });
      assert.equal((await invokeMethod(staffOnly, ctx(actor('staff')), { count: 1 })).count, 1);
      assert.equal((await invokeMethod(staffOnly, ctx(actor('admin')), { count: 1 })).count, 1);
    });

    it('reports every invalid field by name', async () => {
      await assert.rejects(
        invokeMethod(staffOnly, ctx(actor('staff')), { count: 99, note: 5 }),
        (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'VALIDATION_FAILED');
          assert.deepEqual(error.details, { count: 'must be 1 to 10', note: 'Invalid value' });
          return true;
        },
      );
    });

    it('refuses input that is not an object', async () => {
      for (const input of ['text', 42, [1, 2]]) {
        await assert.rejects(invokeMethod(staffOnly, ctx(actor('staff')), input), {
          code: 'BAD_REQUEST',
        });
      }
    });

    it('passes only declared fields, sanitised', async () => {
      const result = await invokeMethod(staffOnly, ctx(actor('staff')), {
        count: '3',
        role: 'admin',
      });
      assert.deepEqual(result, { count: 3, keys: ['count'] });
    });

    it('finds and keeps what every chain of the schema would, though it runs only those that can act', async () => {
      const registry = createMethodRegistry();
      const sample = [1, 'x', ' 7 ', null, [1, 2], { a: 1 }, [{ section_id: 1, quantity: 2 }]];
      let compared = 0;
      for (const method of registry.list()) {
        const fields = [
          ...new Set(Object.keys(method.input).map((field) => field.split(/[.[]/)[0]!)),
        ];
        const bodies: Array<Record<string, unknown>> = [{}];
        for (const value of sample) {
          bodies.push(Object.fromEntries(fields.map((field) => [field, value])));
          for (const field of fields) bodies.push({ [field]: value });
        }
        for (const body of bodies) {
          const every = { body: structuredClone(body) };
          await checkSchema(method.input as Schema, ['body']).run(every);
          const some = await validateBody(method, structuredClone(body));
          // As text: an Invalid Date is never deepEqual to another.
          const seen = (request: { body: unknown }) =>
            inspect(
              {
                errors: validationResult(request).array(),
                values: matchedData(request, { locations: ['body'] }),
                body: request.body,
              },
              { depth: 10 },
            );
          assert.equal(seen(some), seen(every), `${method.type} ${JSON.stringify(body)}`);
          compared++;
        }
      }
      assert.ok(compared > 1000, `compared ${compared}`);
    });

    it('always runs the chains of a quoted key or of a name objects inherit, and refuses a bail across fields', async () => {
      const method = defineMethod<object, object>({
        type: 'tests.odd_names',
        summary: 'Odd field names.',
        access: 'anyone',
        scope: 'read',
        input: {
          "['a.b']": { optional: true, isInt: true },
          toString: { optional: true, isInt: true },
        },
        run: async () => ({}),
      });
      // No own toString: express-validator reads the inherited one, and so must this.
      const checked = await validateBody(method, { 'a.b': 'x' });
      assert.deepEqual(
        validationResult(checked)
          .array()
          .map((error) => (error.type === 'field' ? error.path : '')),
        ['["a.b"]', 'toString'],
      );
      const bailing = defineMethod<object, object>({
        ...method,
        type: 'tests.bailing',
        input: { a: { isInt: { bail: { level: 'request' } } }, b: { isInt: true } },
      });
      await assert.rejects(validateBody(bailing, {}), /bails the whole request/);
    });
  });
});
