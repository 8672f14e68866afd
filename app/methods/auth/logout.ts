import { defineMethod } from '../define.js';

/** Ends this session and disconnects every socket opened with it. */
export default defineMethod<Record<string, never>, object>({
  type: 'auth.logout',
  summary: 'Sign out: the session ends and its sockets are disconnected.',
  access: 'anyone',
  scope: 'session',
  input: {},
  async run(ctx) {
    const sessionId = ctx.auth.sessionId();
    await ctx.auth.signOut();
    if (sessionId) ctx.realtime.disconnectSession(sessionId);
    return { signed_out: true };
  },
});
