import { REAUTH_WINDOW_MS } from '../../core/session.js';
import { confirmAccountCode } from '../../models/account-code.js';
import { defineMethod } from '../define.js';
import { totpCode } from '../fields.js';

/**
 * Proves the authenticator again, as GitHub's sudo mode does: for the next few minutes
 * this session may change credentials and access without another code.
 */
export default defineMethod<{ code: string }, object>({
  type: 'auth.reauthenticate',
  summary:
    'Confirm it is you with a current authenticator code; credential changes need one from the last 10 minutes.',
  access: 'signed_in',
  scope: 'session',
  input: { code: totpCode },
  async run(ctx, input) {
    await confirmAccountCode(ctx.actor!.id, input.code, ctx.ip, ctx.secrets);
    await ctx.auth.markVerified();
    return { reauthenticated_until: new Date(Date.now() + REAUTH_WINDOW_MS).toISOString() };
  },
});
