import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { matchPendingCode } from '../../models/enrollment.js';
import { User } from '../../models/index.js';
import { defineMethod } from '../define.js';
import { totpCode, yesByDefault } from '../fields.js';
import { reportSignedOut, signOutElsewhere } from '../sign-out-elsewhere.js';
import { oneTransaction } from '../../models/sql.js';

/**
 * Confirms the new authenticator with its first code; the old one stops working. Unless
 * told otherwise, every other session ends and every API token is revoked: whoever had
 * the old authenticator may have used it.
 */
export default defineMethod<{ code: string; end_other_sessions?: boolean }, object>({
  type: 'account.authenticator_confirm',
  summary:
    'Confirm the new authenticator with its first code; ends your other sessions and tokens unless end_other_sessions is false.',
  access: 'signed_in',
  scope: 'session',
  // A wrong code shows the pending QR code and key again.
  noStore: true,
  input: { code: totpCode, end_other_sessions: yesByDefault },
  async run(ctx, input) {
    await AuthAttempts.accountCode(ctx.actor!.id, ctx.ip);
    const pending = ctx.auth.pending();
    if (
      !pending ||
      pending.purpose !== 'reenroll' ||
      pending.user_id !== ctx.actor!.id ||
      pending.username !== ctx.actor!.username
    ) {
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
    // The new secret, and the end of every other session and token, together or not at all.
    const ended = await oneTransaction(async (transaction) => {
      await User.update(
        { totp_secret: pending.secret, totp_last_step: step },
        { where: { id: ctx.actor!.id }, transaction },
      );
      return signOutElsewhere(ctx, ctx.actor!.id, input.end_other_sessions, transaction);
    });
    await AuthAttempts.accountCodeSucceeded(ctx.actor!.id, ctx.ip);
    await ctx.auth.setPending(undefined);
    await ctx.auth.clearReenroll();
    await ctx.auth.markVerified();
    return { authenticator_changed: true, ...reportSignedOut(ctx, ended) };
  },
});
