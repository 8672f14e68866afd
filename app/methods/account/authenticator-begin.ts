import { beginEnrollment } from '../../models/enrollment.js';
import { defineMethod } from '../define.js';

/** Starts moving your account to a new authenticator app: a new secret and its QR code. */
export default defineMethod<Record<string, never>, object>({
  type: 'account.authenticator_begin',
  summary: 'Start enrolling a new authenticator: returns its QR code and secret.',
  access: 'signed_in',
  input: {},
  async run(ctx) {
    const { pending, candidate } = await beginEnrollment(
      'reenroll',
      ctx.actor!.username,
      ctx.secrets,
    );
    await ctx.auth.setPending(pending);
    return candidate;
  },
});
