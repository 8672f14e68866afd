import { SessionRecord } from '../../models/session-record.js';
import { defineMethod } from '../define.js';

/** "Sign out everywhere else": ends every session of yours but this one, and their sockets. */
export default defineMethod<Record<string, never>, object>({
  type: 'account.end_other_sessions',
  summary: 'End all your other sessions (sign out everywhere else) and disconnect their sockets.',
  access: 'signed_in',
  scope: 'session',
  reauth: true,
  input: {},
  async run(ctx) {
    const ended = await SessionRecord.destroyOthers(ctx.actor!.id, ctx.auth.sessionId());
    for (const id of ended) ctx.realtime.disconnectSession(id);
    return { ended };
  },
});
