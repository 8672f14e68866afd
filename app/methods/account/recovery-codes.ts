import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { RecoveryCode, User } from '../../models/index.js';
import { defineMethod } from '../define.js';
import { totpCode } from '../fields.js';

/** New recovery codes replace the old ones; it takes a fresh code from the authenticator. */
export default defineMethod<{ code: string }, object>({
  type: 'account.recovery_codes',
  summary: 'Replace your recovery codes with ten new ones (needs a fresh authenticator code).',
  access: 'signed_in',
  input: { code: totpCode },
  async run(ctx, input) {
    const user = await User.findByPk(ctx.actor!.id, { rejectOnEmpty: true });
    await AuthAttempts.assertCodeAllowed(user.username, ctx.ip);
    if (!(await user.acceptCode(input.code, ctx.secrets))) {
      await AuthAttempts.codeFailed(user.username, ctx.ip);
      throw new AppError(
        'INVALID_CODE',
        'That code is not valid. Wait for the next one and try again.',
      );
    }
    const recovery_codes = await User.sequelize!.transaction((transaction) =>
      RecoveryCode.regenerate(user.id, transaction),
    );
    return { recovery_codes };
  },
});
