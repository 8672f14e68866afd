import { AppError } from '../../core/errors.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { beginEnrollment } from '../../models/enrollment.js';
import { assertNoAdminYet, assertSetupToken } from '../../models/first-admin.js';
import { User } from '../../models/index.js';
import { defineMethod } from '../define.js';
import { setupToken, username } from '../fields.js';

/** While Seats has no admin: start enrolling the first one (the same QR step as sign-up). */
export default defineMethod<{ username: string; setup_token: string }, object>({
  type: 'setup.begin',
  summary: 'First start only: choose the first administrator’s username and get the QR code.',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: { username, setup_token: setupToken },
  async run(ctx, input) {
    await assertNoAdminYet();
    assertSetupToken(ctx.setupToken, input.setup_token);
    await AuthAttempts.started(ctx.ip);
    if (await User.findByUsername(input.username))
      throw new AppError('USERNAME_TAKEN', 'That username is taken.');
    const { pending, candidate } = await beginEnrollment('setup', input.username, ctx.secrets);
    await ctx.auth.setPending(pending);
    return candidate;
  },
});
