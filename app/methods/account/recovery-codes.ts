import { confirmAccountCode } from '../../models/account-code.js';
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
    const user = await confirmAccountCode(ctx.actor!.id, input.code, ctx.ip, ctx.secrets);
    const recovery_codes = await User.sequelize!.transaction((transaction) =>
      RecoveryCode.regenerate(user.id, ctx.secrets, transaction),
    );
    return { recovery_codes };
  },
});
