import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { createEnrolledUser, matchPendingCode } from '../../models/enrollment.js';
import { noteFailedCode, takeFailedCodes } from '../../models/failed-codes.js';
import { User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';
import { totpCode, username } from '../fields.js';

/**
 * Second step: the 6-digit code. A known user is signed in; a new name pending in this
 * session becomes an account with ten recovery codes (shown once). Wrong codes count
 * toward the username and address limits, and are told to the owner at the next sign-in.
 */
export default defineMethod<{ username: string; code: string }, object>({
  type: 'auth.verify',
  summary: 'Finish signing in with the 6-digit code; enrolment also returns ten recovery codes.',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: { username, code: totpCode },
  async run(ctx, input) {
    await AuthAttempts.signInCode(input.username, ctx.ip);
    const pending = ctx.auth.pending();
    const enrolling =
      pending?.purpose === 'signup' && pending.username === input.username ? pending : undefined;
    const step = enrolling ? matchPendingCode(enrolling, input.code, ctx.secrets) : null;
    const user = await User.findByUsername(input.username);

    if (user && step === null) {
      if (!(await user.acceptCode(input.code, ctx.secrets))) {
        await noteFailedCode(user.id);
        throw new AppError(
          'INVALID_CODE',
          'That code is not valid. Wait for the next one and try again.',
        );
      }
      await AuthAttempts.signInCodeSucceeded(input.username, ctx.ip);
      const failed_codes = await takeFailedCodes(user.id);
      const signed = await ctx.auth.signIn(user.toActor(), { failedCodes: failed_codes });
      return { user: presentUser(user), failed_codes, ...signed };
    }
    if (!enrolling)
      throw new AppError('INVALID_CODE', 'Start again with your username to get a new QR code.');
    if (step === null)
      throw new AppError(
        'INVALID_CODE',
        'That code does not match. Check the time on your phone and try again.',
      );

    // The code matches this session's new secret; if someone took the name meanwhile,
    // the unique constraint answers USERNAME_TAKEN and only one account exists.
    const { user: created, recovery_codes } = await createEnrolledUser(
      enrolling,
      step,
      'customer',
      ctx.secrets,
    );
    await AuthAttempts.signInCodeSucceeded(input.username, ctx.ip);
    await ctx.auth.setPending(undefined);
    const signed = await ctx.auth.signIn(created.toActor());
    return { user: presentUser(created), recovery_codes, ...signed };
  },
});
