import { AppError } from '../../core/errors.js';
import { SessionRecord } from '../../models/session-record.js';
import { defineMethod } from '../define.js';

/** Ends one of your sessions (a lost phone, a shared computer) and disconnects its sockets. */
export default defineMethod<{ id: string }, object>({
  type: 'account.end_session',
  summary: 'End one of your sessions and disconnect its sockets.',
  access: 'signed_in',
  scope: 'session',
  reauth: true,
  input: {
    id: {
      isString: true,
      matches: { options: /^[0-9a-f]{24}$/, errorMessage: 'is not a session id' },
    },
  },
  async run(ctx, input) {
    const session = (await SessionRecord.listForUser(ctx.actor!.id)).find(
      (item) => item.id === input.id,
    );
    if (!session) throw new AppError('NOT_FOUND', 'No such session.');
    const current = session.id === ctx.auth.sessionId();
    if (current) await ctx.auth.signOut();
    else await SessionRecord.destroy(session.sid);
    ctx.realtime.disconnectSession(session.id);
    return { ended: session.id, signed_out: current };
  },
});
