import type { Schema } from 'express-validator';
import type { Access } from '../policies/access.js';
import type { MethodContext } from './context.js';

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
  /** express-validator schema of the input; only declared fields reach `run`. */
  input: Schema;
  run(ctx: MethodContext, input: Input): Promise<Output>;
}

export type AnyMethod = MethodDefinition<never, unknown>;

export function defineMethod<Input, Output>(
  definition: MethodDefinition<Input, Output>,
): MethodDefinition<Input, Output> {
  return definition;
}
