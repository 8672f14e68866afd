import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { matchPendingCode, createEnrolledUser } from '../../models/enrollment.js';
import { assertNoAdminYet, assertSetupToken } from '../../models/first-admin.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';
import { setupToken, totpCode, username } from '../fields.js';

/** Confirms the first administrator with their first code and signs them in. */
export default defineMethod<{ username: string; code: string; setup_token: string }, object>({
  type: 'setup.verify',
  summary: 'First start only: confirm the first administrator with a 6-digit code.',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: { username, code: totpCode, setup_token: setupToken },
  async run(ctx, input) {
    await assertNoAdminYet();
    assertSetupToken(ctx.setupToken, input.setup_token);
    await AuthAttempts.signInCode(input.username, ctx.ip);
    const pending = ctx.auth.pending();
    if (!pending || pending.purpose !== 'setup' || pending.username !== input.username) {
      throw new AppError('INVALID_CODE', 'Start the set-up again to get a new QR code.');
    }
    const step = matchPendingCode(pending, input.code, ctx.secrets);
    if (step === null) {
      throw new AppError(
        'INVALID_CODE',
        'That code does not match. Check the time on your phone and try again.',
      );
    }
    const { user, recovery_codes } = await createEnrolledUser(pending, step, 'admin', ctx.secrets, {
      onlyIfNoAdmin: true,
    });
    await AuthAttempts.signInCodeSucceeded(input.username, ctx.ip);
    await ctx.auth.setPending(undefined);
    const signed = await ctx.auth.signIn(user.toActor());
    return { user: presentUser(user), recovery_codes, ...signed };
  },
});
