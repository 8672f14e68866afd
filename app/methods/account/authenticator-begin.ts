import { beginEnrollment } from '../../models/enrollment.js';
import { defineMethod } from '../define.js';

/**
 * Starts moving your account to a new authenticator app: a new secret and its QR code,
 * bound to this session and to you. It needs a code proven in the last few minutes, or a
 * session signed in with a recovery code, so a stolen session or token cannot swap the
 * authenticator and keep the account.
 */
export default defineMethod<Record<string, never>, object>({
  type: 'account.authenticator_begin',
  summary:
    'Start enrolling a new authenticator: needs a fresh code (unless signed in with a recovery code).',
  access: 'signed_in',
  scope: 'session',
  reauth: 'or_recovery',
  noStore: true,
  input: {},
  async run(ctx) {
    const { pending, candidate } = await beginEnrollment(
      'reenroll',
      ctx.actor!.username,
      ctx.secrets,
      ctx.actor!.id,
    );
    await ctx.auth.setPending(pending);
    return candidate;
  },
});
