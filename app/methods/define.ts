import type { Schema } from 'express-validator';
import type { Access } from '../policies/access.js';
import type { MethodScope } from '../policies/scopes.js';
import type { MethodContext } from './context.js';
import { totpCode } from './fields.js';

/**
 * A business operation, declared once and served by every transport: JSON routes,
 * socket messages and page controllers all call it through `invokeMethod`.
 */
export interface MethodDefinition<Input = Record<string, unknown>, Output = unknown> {
  /** `namespace.action`, e.g. `seats.hold`; also the socket message type. */
  type: string;
  /** One line for API documentation. */
  summary: string;
  /** Who may call it; there is no default, so forgetting it fails at boot. */
  access: Access;
  /**
   * What an API token needs to call it: the `read`, `write` or `admin` scope, or
   * `session` when only a signed-in session (its cookie, or a socket opened with it) may:
   * sign-in itself and every change to credentials and access. No default either.
   */
  scope: MethodScope;
  /**
   * A credential or access change: the session must have proved its authenticator in the
   * last few minutes (sign-in, `auth.reauthenticate`, or a `code` sent with this call).
   * `'or_recovery'` also lets a session signed in with a recovery code through.
   */
  reauth?: true | 'or_recovery';
  /** Its answers carry a secret, a code or a ticket: no cache may keep them. */
  noStore?: true;
  /** express-validator schema of the input; only declared fields reach `run`. */
  input: Schema;
  run(ctx: MethodContext, input: Input): Promise<Output>;
}

export type AnyMethod = MethodDefinition<never, unknown>;

/** Declares a method; one that needs re-authentication also takes an optional `code`. */
export function defineMethod<Input, Output>(
  definition: MethodDefinition<Input, Output>,
): MethodDefinition<Input, Output> {
  if (!definition.reauth) return definition;
  return { ...definition, input: { code: { ...totpCode, optional: true }, ...definition.input } };
}
