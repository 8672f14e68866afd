import { AppError } from '../../core/errors.js';
import { confirmAccountCode } from '../../models/account-code.js';
import { beginEnrollment } from '../../models/enrollment.js';
import { defineMethod } from '../define.js';
import { totpCode } from '../fields.js';

/**
 * Starts moving your account to a new authenticator app: a new secret and its QR code.
 * It takes a current code from the old app, except right after a recovery-code sign-in,
 * so a stolen session or API token cannot swap the authenticator and keep the account.
 */
export default defineMethod<{ code?: string }, object>({
  type: 'account.authenticator_begin',
  summary:
    'Start enrolling a new authenticator: needs a current code (unless signed in with a recovery code).',
  access: 'signed_in',
  input: { code: { ...totpCode, optional: true } },
  async run(ctx, input) {
    if (!ctx.auth.reenrollRequired()) {
      if (!input.code) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Enter a code from your current authenticator app.',
          {
            code: 'is required to change your authenticator',
          },
        );
      }
      await confirmAccountCode(ctx.actor!.id, input.code, ctx.ip, ctx.secrets);
    }
    const { pending, candidate } = await beginEnrollment(
      'reenroll',
      ctx.actor!.username,
      ctx.secrets,
    );
    await ctx.auth.setPending(pending);
    return candidate;
  },
});
