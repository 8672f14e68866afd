import { createApiToken } from '../../models/api-token-auth.js';
import { presentApiToken } from '../../presenters/api-token.js';
import { defineMethod } from '../define.js';

/** A personal access token for `Authorization: Bearer`; its secret is shown this once. */
export default defineMethod<{ name: string }, object>({
  type: 'tokens.create',
  summary: 'Create an API token; the secret is in this answer only.',
  access: 'signed_in',
  input: {
    name: {
      isString: { errorMessage: 'is required', bail: true },
      trim: true,
      isLength: { options: { min: 1, max: 80 }, errorMessage: 'must be 1 to 80 characters' },
    },
  },
  async run(ctx, input) {
    const { token, secret } = await createApiToken(ctx.actor!.id, input.name);
    return { token: presentApiToken(token), secret };
  },
});
