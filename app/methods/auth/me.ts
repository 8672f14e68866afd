import { REAUTH_WINDOW_MS } from '../../core/session.js';
import { defineMethod } from '../define.js';

/** Who is signed in, and until when this session may change credentials without a code. */
export default defineMethod<Record<string, never>, object>({
  type: 'auth.me',
  summary: 'Who is signed in: {user} or {user: null}.',
  access: 'anyone',
  scope: 'read',
  input: {},
  async run(ctx) {
    if (!ctx.actor) return { user: null };
    const verifiedAt = ctx.auth.verifiedAt();
    const until = verifiedAt === null ? 0 : verifiedAt + REAUTH_WINDOW_MS;
    return {
      user: ctx.actor,
      reenroll_required: ctx.auth.reenrollRequired(),
      reauthenticated_until: until > Date.now() ? new Date(until).toISOString() : null,
    };
  },
});
