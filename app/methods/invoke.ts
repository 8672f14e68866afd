import { checkSchema, matchedData, validationResult } from 'express-validator';
import { AppError } from '../core/errors.js';
import { decideAccess } from '../policies/access.js';
import type { MethodContext } from './context.js';
import type { MethodDefinition } from './define.js';

/**
 * Calls a method the way every transport must: authorise, validate the input against
 * the declared schema, then run it with only the declared fields.
 */
export async function invokeMethod<Input, Output>(
  method: MethodDefinition<Input, Output>,
  ctx: MethodContext,
  input: unknown,
): Promise<Output> {
  const decision = decideAccess(method.access, ctx.actor);
  if (decision === 'unauthenticated') throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  if (decision === 'forbidden') throw new AppError('FORBIDDEN', 'You are not allowed to do this.');

  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('BAD_REQUEST', 'The input must be a JSON object.');
  }
  const request = { body: { ...input } };
  await checkSchema(method.input, ['body']).run(request);
  const result = validationResult(request);
  if (!result.isEmpty()) {
    const details: Record<string, string> = {};
    for (const error of result.array()) {
      if (error.type === 'field' && !(error.path in details))
        details[error.path] = String(error.msg);
    }
    throw new AppError('VALIDATION_FAILED', 'Some values are not valid.', details);
  }
  return method.run(ctx, matchedData(request, { locations: ['body'] }) as Input);
}
