import { AppError } from '../../core/errors.js';
import { createApiToken, tokenMaxDays } from '../../models/api-token-auth.js';
import { grantableScopes } from '../../policies/scopes.js';
import { TOKEN_SCOPES, type TokenScope } from '../../shared/types.js';
import { presentApiToken } from '../../presenters/api-token.js';
import { defineMethod } from '../define.js';

interface Input {
  name: string;
  scopes?: TokenScope[];
  expires_in_days?: number;
}

/**
 * A personal access token for `Authorization: Bearer`; its secret is shown this once. It
 * can do what its scopes allow (read only unless asked) until it expires: 90 days at
 * most, 30 for staff and admins.
 */
export default defineMethod<Input, object>({
  type: 'tokens.create',
  summary:
    'Create an API token with scopes (read, write, admin) and an expiry; the secret is in this answer only.',
  access: 'signed_in',
  scope: 'session',
  reauth: true,
  noStore: true,
  input: {
    name: {
      isString: { errorMessage: 'is required', bail: true },
      trim: true,
      isLength: { options: { min: 1, max: 80 }, errorMessage: 'must be 1 to 80 characters' },
    },
    scopes: {
      optional: true,
      isArray: {
        options: { min: 1, max: TOKEN_SCOPES.length },
        errorMessage: `choose at least one of ${TOKEN_SCOPES.join(', ')}`,
      },
    },
    'scopes.*': {
      isIn: {
        options: [TOKEN_SCOPES],
        errorMessage: `must be one of ${TOKEN_SCOPES.join(', ')}`,
      },
    },
    expires_in_days: {
      optional: true,
      isInt: { options: { min: 1, max: 90 }, errorMessage: 'must be 1 to 90 days' },
      toInt: true,
    },
  },
  async run(ctx, input) {
    const actor = ctx.actor!;
    const scopes: TokenScope[] = [...new Set(input.scopes ?? ['read' as const])];
    const refused = scopes.filter((scope) => !grantableScopes(actor).includes(scope));
    if (refused.length)
      throw new AppError('VALIDATION_FAILED', 'Only administrators can give a token that scope.', {
        scopes: `${refused.join(', ')} is for administrators`,
      });
    const maxDays = tokenMaxDays(actor.role);
    if ((input.expires_in_days ?? 0) > maxDays)
      throw new AppError('VALIDATION_FAILED', `Your tokens last ${maxDays} days at most.`, {
        expires_in_days: `must be at most ${maxDays}`,
      });
    const { token, secret } = await createApiToken(actor.id, {
      name: input.name,
      scopes,
      days: input.expires_in_days ?? maxDays,
    });
    return { token: presentApiToken(token), secret };
  },
});
