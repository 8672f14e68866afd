import { RecoveryCode, User } from '../../models/index.js';
import { defineMethod } from '../define.js';

/** New recovery codes replace the old ones; it takes a code proven in the last few minutes. */
export default defineMethod<Record<string, never>, object>({
  type: 'account.recovery_codes',
  summary: 'Replace your recovery codes with ten new ones (needs a fresh authenticator code).',
  access: 'signed_in',
  scope: 'session',
  reauth: true,
  noStore: true,
  input: {},
  async run(ctx) {
    const recovery_codes = await User.sequelize!.transaction((transaction) =>
      RecoveryCode.regenerate(ctx.actor!.id, ctx.secrets, transaction),
    );
    return { recovery_codes };
  },
});
