import { reauthenticatedUntil } from '../../core/session.js';
import { AuthAttempts } from '../../models/auth-attempts.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';

/**
 * Who is signed in; until when this session may change credentials without a code; the
 * wrong codes tried for the name before this sign-in, and whether sign-in codes for it
 * are blocked right now (someone is guessing).
 */
export default defineMethod<Record<string, never>, object>({
  type: 'auth.me',
  summary: 'Who is signed in: {user} or {user: null}.',
  access: 'anyone',
  scope: 'read',
  input: {},
  async run(ctx) {
    if (!ctx.actor) return { user: null };
    const blocked = await AuthAttempts.blockedUntil(ctx.actor.username);
    return {
      user: presentUser(ctx.actor),
      reenroll_required: ctx.auth.reenrollRequired(),
      reauthenticated_until: reauthenticatedUntil(ctx.auth.verifiedAt()),
      failed_codes: ctx.auth.failedCodes(),
      sign_in_blocked_until: blocked?.toISOString() ?? null,
    };
  },
});
