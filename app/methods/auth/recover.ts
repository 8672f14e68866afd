import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { noteFailedCode, takeFailedCodes } from '../../models/failed-codes.js';
import { RecoveryCode, User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';
import { username, yesByDefault } from '../fields.js';
import { reportSignedOut, signOutElsewhere } from '../sign-out-elsewhere.js';
import { oneTransaction } from '../../models/sql.js';

/**
 * Signs in with a single-use recovery code, and asks the user to enrol a new
 * authenticator. Unless told otherwise, every other session ends and every API token is
 * revoked: someone else may have the lost authenticator.
 */
export default defineMethod<
  { username: string; recovery_code: string; end_other_sessions?: boolean },
  object
>({
  type: 'auth.recover',
  summary: 'Sign in with a recovery code when the authenticator is lost; each code works once.',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: {
    username,
    recovery_code: {
      isString: { errorMessage: 'is required' },
      isLength: { options: { min: 1, max: 40 }, errorMessage: 'is required' },
    },
    end_other_sessions: yesByDefault,
  },
  async run(ctx, input) {
    await AuthAttempts.recoveryCode(ctx.ip);
    const user = await User.findByUsername(input.username);
    if (!user || !(await RecoveryCode.redeem(user.id, input.recovery_code, ctx.secrets))) {
      if (user) await noteFailedCode(user.id);
      throw new AppError('INVALID_CODE', 'That recovery code is not valid or was already used.');
    }
    await AuthAttempts.recoveryCodeSucceeded(ctx.ip);
    const failed_codes = await takeFailedCodes(user.id);
    const signed = await ctx.auth.signIn(user.toActor(), {
      reenroll: true,
      failedCodes: failed_codes,
    });
    const ended = await oneTransaction((transaction) =>
      signOutElsewhere(ctx, user.id, input.end_other_sessions, transaction),
    );
    return {
      user: presentUser(user),
      reenroll_required: true,
      recovery_codes_left: await RecoveryCode.remaining(user.id),
      failed_codes,
      ...reportSignedOut(ctx, ended),
      ...signed,
    };
  },
});
