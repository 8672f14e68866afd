import type { Transaction } from 'sequelize';
import { endOtherAccess, type EndedAccess } from '../models/account-access.js';
import type { MethodContext } from './context.js';

/**
 * Signs the user out everywhere but this session, and revokes their tokens, unless the
 * caller said `end_other_sessions: false` (a recovery, a new authenticator).
 */
export function signOutElsewhere(
  ctx: MethodContext,
  userId: number,
  wanted: boolean | undefined,
  transaction: Transaction,
): Promise<EndedAccess> {
  if (wanted === false) return Promise.resolve({ sessions: [], tokensRevoked: 0 });
  return endOtherAccess(userId, ctx.auth.sessionId(), transaction);
}

/** After the commit: the ended sessions' sockets go; the counts for the answer. */
export function reportSignedOut(ctx: MethodContext, ended: EndedAccess) {
  for (const id of ended.sessions) ctx.realtime.disconnectSession(id);
  return { sessions_ended: ended.sessions.length, tokens_revoked: ended.tokensRevoked };
}
