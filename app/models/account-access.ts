import type { Transaction } from 'sequelize';
import { revokeAllTokens } from './api-token-auth.js';
import { LoginToken } from './login-token.js';
import { SessionRecord } from './session-record.js';

/** What signing out everywhere else ended: the sessions (public ids) and the tokens. */
export interface EndedAccess {
  sessions: string[];
  tokensRevoked: number;
}

/**
 * After a credential change: every other session of the user ends and every API token is
 * revoked, in the caller's transaction, so whoever held the old credential is out.
 * `keep` is the public id of the session that made the change, if it is to stay.
 */
export async function endOtherAccess(
  userId: number,
  keep: string | null,
  transaction: Transaction,
): Promise<EndedAccess> {
  // A socket sign-in's login token not yet exchanged would become a session afterwards.
  await LoginToken.revokeAll(userId, transaction);
  return {
    sessions: await SessionRecord.destroyOthers(userId, keep, transaction),
    tokensRevoked: await revokeAllTokens(userId, transaction),
  };
}
