import { AppError } from '../../core/errors.js';
import type { FailedCodes } from '../../core/session.js';
import { LoginToken } from '../../models/login-token.js';
import { User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';

/** Exchanges a socket sign-in's single-use login token for a session cookie. */
export default defineMethod<{ login_token: string }, object>({
  type: 'auth.session',
  summary: 'Turn the login_token from a socket sign-in into a session cookie (single use, 60 s).',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: {
    login_token: {
      isString: { errorMessage: 'is required' },
      isLength: { options: { min: 20, max: 100 }, errorMessage: 'is not a login token' },
    },
  },
  async run(ctx, input) {
    if (ctx.transport === 'socket')
      throw new AppError('BAD_REQUEST', 'Post the login token to /api/auth/session.');
    const token = await LoginToken.consume(input.login_token);
    const user = token && (await User.findByPk(token.user_id));
    if (!user)
      throw new AppError(
        'UNAUTHENTICATED',
        'That login token is unknown, used or expired. Sign in again.',
      );
    await ctx.auth.signIn(user.toActor(), {
      reenroll: token.details.reenroll === true,
      failedCodes: (token.details.failed_codes as FailedCodes | null | undefined) ?? null,
    });
    return { user: presentUser(user) };
  },
});
