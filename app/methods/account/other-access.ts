import { revokeAllTokens } from '../../models/api-token-auth.js';
import { SessionRecord } from '../../models/session-record.js';
import type { MethodContext } from '../context.js';

/**
 * After a credential change: every other session of the user ends (their sockets too) and
 * every API token is revoked, so whoever held the old credential is out. `keep` is the
 * public id of the session that made the change, if it is to stay.
 */
export async function endOtherAccess(
  ctx: MethodContext,
  userId: number,
  keep: string | null,
): Promise<{ sessions_ended: number; tokens_revoked: number }> {
  const ended = await SessionRecord.destroyOthers(userId, keep);
  for (const id of ended) ctx.realtime.disconnectSession(id);
  return { sessions_ended: ended.length, tokens_revoked: await revokeAllTokens(userId) };
}

/** An optional yes/no field that is yes unless said otherwise. */
export const yesByDefault = {
  optional: true,
  isBoolean: { errorMessage: 'must be true or false' },
  toBoolean: true,
} as const;
