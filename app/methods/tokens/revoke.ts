import { AppError } from '../../core/errors.js';
import { revokeToken } from '../../models/api-token-auth.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

export default defineMethod<{ id: number }, object>({
  type: 'tokens.revoke',
  summary: 'Revoke one of your API tokens; it stops working at once.',
  access: 'signed_in',
  scope: 'session',
  reauth: true,
  input: { id },
  async run(ctx, input) {
    if (!(await revokeToken(ctx.actor!.id, input.id)))
      throw new AppError('NOT_FOUND', 'No such token.');
    return { revoked: input.id };
  },
});
