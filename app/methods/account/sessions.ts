import { SessionRecord } from '../../models/session-record.js';
import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'account.sessions',
  summary: 'Your signed-in sessions: device, address, when signed in and last seen.',
  access: 'signed_in',
  scope: 'session',
  noStore: true,
  input: {},
  async run(ctx) {
    const current = ctx.auth.sessionId();
    const sessions = await SessionRecord.listForUser(ctx.actor!.id);
    return {
      sessions: sessions.map(({ sid: _sid, ...session }) => ({
        ...session,
        current: session.id === current,
      })),
    };
  },
});
