import { createHash, randomBytes } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { User } from './user.js';

const TTL_SECONDS = 60;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Single-use tokens that turn a socket sign-in into a session cookie: the socket gets
 * one, the client posts it to /api/auth/session within a minute, and it is gone.
 */
export const LoginToken = {
  async issue(userId: number, details: Record<string, unknown>): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await User.sequelize!.query('DELETE FROM login_tokens WHERE expires_at < now()');
    await User.sequelize!.query(
      `INSERT INTO login_tokens (token_hash, user_id, details, expires_at)
       VALUES (:hash, :userId, :details, now() + make_interval(secs => :ttl))`,
      {
        replacements: {
          hash: hash(token),
          userId,
          details: JSON.stringify(details),
          ttl: TTL_SECONDS,
        },
      },
    );
    return token;
  },

  async revokeAll(userId: number, transaction?: Transaction): Promise<void> {
    await User.sequelize!.query('DELETE FROM login_tokens WHERE user_id = :userId', {
      replacements: { userId },
      transaction,
    });
  },

  /** The token's user and details, deleting it in the same statement so it works once. */
  async consume(
    token: string,
  ): Promise<{ user_id: number; details: Record<string, unknown> } | undefined> {
    const rows = await User.sequelize!.query<{ user_id: number; details: Record<string, unknown> }>(
      `DELETE FROM login_tokens WHERE token_hash = :hash RETURNING user_id, details, expires_at > now() AS fresh`,
      { replacements: { hash: hash(token) }, type: QueryTypes.SELECT },
    );
    const row = rows[0] as ({ fresh: boolean } & (typeof rows)[number]) | undefined;
    return row?.fresh ? { user_id: row.user_id, details: row.details } : undefined;
  },
};
