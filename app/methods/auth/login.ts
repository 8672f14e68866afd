import { beginEnrollment } from '../../models/enrollment.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { User } from '../../models/index.js';
import { defineMethod } from '../define.js';
import { username } from '../fields.js';

/**
 * First step of signing in: a known name is asked for its code; a new name gets a fresh
 * authenticator secret, bound to this session (or socket) for ten minutes.
 */
export default defineMethod<{ username: string }, object>({
  type: 'auth.login',
  summary: 'Start signing in: {status:"user"} for a known name, or a QR code to enrol a new one.',
  access: 'anyone',
  scope: 'session',
  noStore: true,
  input: { username },
  async run(ctx, input) {
    await AuthAttempts.started(ctx.ip);
    if (await User.findByUsername(input.username)) return { status: 'user' };
    const { pending, candidate } = await beginEnrollment('signup', input.username, ctx.secrets);
    await ctx.auth.setPending(pending);
    return candidate;
  },
});
