import { checkSchema, matchedData, validationResult, type Schema } from 'express-validator';
import { AppError } from '../core/errors.js';
import { decideAccess } from '../policies/access.js';
import { reauthenticatedUntil } from '../core/session.js';
import { confirmAccountCode } from '../models/account-code.js';
import { scopeAllows } from '../policies/scopes.js';
import type { Credential, MethodContext } from './context.js';
import type { MethodDefinition } from './define.js';

interface FieldCheck {
  /** The body's top-level key the field lives under. */
  top: string;
  /** Whether nothing of it runs when `top` is absent (optional, or inside a list). */
  skipsWhenAbsent: boolean;
  chains: ReturnType<typeof checkSchema>;
}

// Validation chains are built once per method and reused: building them costs more
// than running them. Each field has its own, so that a call runs only the chains of the
// fields it sent and of those it must send: a hold names 2 of its 9 fields, and the
// chains of the others cost two thirds of its validation (docs/performance.md).
const validators = new WeakMap<object, FieldCheck[]>();

function fieldChecksOf(method: MethodDefinition<never, unknown>): FieldCheck[] {
  let checks = validators.get(method);
  if (!checks) {
    checks = Object.entries(method.input as Schema).map(([field, rules]) => {
      // A bail across fields needs all the fields' chains run together, as one.
      if (bailsRequest(rules))
        throw new Error(`${method.type}: ${field} bails the whole request, not supported here`);
      const top = field.split(/[.[]/)[0]!;
      return {
        top,
        // A wildcard, a quoted key or a name that objects inherit is always run.
        skipsWhenAbsent:
          /^\w+$/.test(top) &&
          !(top in Object.prototype) &&
          (!!rules.optional || field.slice(top.length).includes('*')),
        chains: checkSchema({ [field]: rules }, ['body']),
      };
    });
    validators.set(method, checks);
  }
  return checks;
}

function bailsRequest(rules: object): boolean {
  return Object.values(rules).some(
    (item: unknown) =>
      typeof item === 'object' &&
      item !== null &&
      (item as { bail?: { level?: string } }).bail?.level === 'request',
  );
}

/**
 * Runs a method's validation chains on `body` (as express-validator's request), leaving
 * out those that could do nothing: an optional field, or the items of a list, that the
 * body does not have. What they would have found, and sanitised, is the same.
 */
export async function validateBody(
  method: MethodDefinition<never, unknown>,
  body: Record<string, unknown>,
): Promise<{ body: Record<string, unknown> }> {
  const request = { body };
  // All at once, as checkSchema runs them: errors come out in the order they would.
  await Promise.all(
    fieldChecksOf(method)
      .filter((check) => !check.skipsWhenAbsent || Object.hasOwn(body, check.top))
      .map((check) => check.chains.run(request)),
  );
  return request;
}

/**
 * Calls a method the way every transport must: authorise, validate the input against
 * the declared schema, then run it with only the declared fields.
 */
export async function invokeMethod<Input, Output>(
  method: MethodDefinition<Input, Output>,
  ctx: MethodContext,
  input: unknown,
): Promise<Output> {
  assertTokenScope(method, ctx.auth.credential);
  const decision = decideAccess(method.access, ctx.actor);
  if (decision === 'unauthenticated') throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  if (decision === 'forbidden') throw new AppError('FORBIDDEN', 'You are not allowed to do this.');

  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('BAD_REQUEST', 'The input must be a JSON object.');
  }
  const request = await validateBody(method as MethodDefinition<never, unknown>, { ...input });
  const result = validationResult(request);
  const repeated = repeatedFields(method.input as Schema, request.body);
  if (!result.isEmpty() || repeated.length) {
    const details: Record<string, string> = {};
    for (const field of repeated) details[field] = 'must be given once';
    for (const error of result.array()) {
      if (error.type === 'field' && !(error.path in details))
        details[error.path] = String(error.msg);
    }
    throw new AppError('VALIDATION_FAILED', 'Some values are not valid.', details);
  }
  const values = matchedData(request, { locations: ['body'] });
  if (method.reauth) await assertReauthenticated(method, ctx, values.code as string | undefined);
  return method.run(ctx, values as Input);
}

/** A token may call only what its scopes allow, and nothing that needs a session. */
function assertTokenScope(method: MethodDefinition<never, unknown>, credential: Credential): void {
  if (credential.kind !== 'token' || scopeAllows(credential.scopes, method.scope)) return;
  if (method.scope === 'session')
    throw new AppError(
      'FORBIDDEN',
      'An API token cannot do this: sign in on the site, with your authenticator app.',
      { needs: 'session' },
    );
  throw new AppError('FORBIDDEN', `This API token lacks the "${method.scope}" scope.`, {
    scope: method.scope,
  });
}

/**
 * Credential and access changes need an authenticator code proven in the last few
 * minutes: at sign-in, with auth.reauthenticate, or sent with this call as `code`. A
 * session signed in with a recovery code may change its authenticator without one.
 */
async function assertReauthenticated(
  method: MethodDefinition<never, unknown>,
  ctx: MethodContext,
  code: string | undefined,
): Promise<void> {
  if (method.reauth === 'or_recovery' && ctx.auth.reenrollRequired()) return;
  if (reauthenticatedUntil(ctx.auth.verifiedAt())) return;
  if (!code)
    throw new AppError(
      'REAUTHENTICATION_REQUIRED',
      'Enter a code from your authenticator app to confirm it is you.',
      { code: 'is required to confirm it is you' },
    );
  await confirmAccountCode(ctx.actor!.id, code, ctx.ip, ctx.secrets);
  await ctx.auth.markVerified();
}

/**
 * Fields that arrived as a list but take one value: a repeated query or form parameter,
 * or a JSON array where a scalar belongs, at the top level or inside a list's items
 * (`sections.*.quantity`). Validators would check each item and pass the list on; this
 * refuses it first, naming where it is (`sections[0].quantity`).
 */
function repeatedFields(schema: Schema, body: Record<string, unknown>): string[] {
  return Object.entries(schema)
    .filter(([, rules]) => !('isArray' in rules))
    .flatMap(([field]) => valuesAt(body, field))
    .filter(([, value]) => Array.isArray(value))
    .map(([where]) => where);
}

/** The values a schema path (`a.*.b`) names in a body, each with where it is (`a[2].b`). */
function valuesAt(body: unknown, path: string): Array<[string, unknown]> {
  let found: Array<[string, unknown]> = [['', body]];
  for (const part of path.split('.')) {
    found = found.flatMap(([where, value]): Array<[string, unknown]> => {
      if (part === '*')
        return Array.isArray(value)
          ? value.map((item, index): [string, unknown] => [`${where}[${index}]`, item])
          : [];
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
      return [[where ? `${where}.${part}` : part, (value as Record<string, unknown>)[part]]];
    });
  }
  return found;
}
