import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { matchPendingCode } from '../../models/enrollment.js';
import { User } from '../../models/index.js';
import { defineMethod } from '../define.js';
import { totpCode } from '../fields.js';

/** Confirms the new authenticator with its first code; the old one stops working. */
export default defineMethod<{ code: string }, object>({
  type: 'account.authenticator_confirm',
  summary: 'Confirm the new authenticator with its first code; the old one stops working.',
  access: 'signed_in',
  input: { code: totpCode },
  async run(ctx, input) {
    await AuthAttempts.accountCode(ctx.actor!.id, ctx.ip);
    const pending = ctx.auth.pending();
    if (!pending || pending.purpose !== 'reenroll' || pending.username !== ctx.actor!.username) {
      throw new AppError('INVALID_CODE', 'Start again to get a new QR code.');
    }
    const step = matchPendingCode(pending, input.code, ctx.secrets);
    if (step === null) {
      throw new AppError(
        'INVALID_CODE',
        'That code does not match. Check the time on your phone and try again.',
        {
          code: 'does not match the new authenticator',
        },
      );
    }
    await User.update(
      { totp_secret: pending.secret, totp_last_step: step },
      { where: { id: ctx.actor!.id } },
    );
    await AuthAttempts.accountCodeSucceeded(ctx.actor!.id, ctx.ip);
    await ctx.auth.setPending(undefined);
    await ctx.auth.clearReenroll();
    return { authenticator_changed: true };
  },
});
