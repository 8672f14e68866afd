import { QueryTypes } from 'sequelize';
import { publicSessionId, type SessionAuth } from '../core/session.js';
import { User } from './user.js';

export interface SessionSummary {
  id: string;
  device: string;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** The signed-in sessions in express-session's store (`sessions`), by user. */
export const SessionRecord = {
  async listForUser(userId: number): Promise<Array<SessionSummary & { sid: string }>> {
    const rows = await User.sequelize!.query<{
      sid: string;
      sess: { auth: SessionAuth };
      expire: Date;
    }>(
      `SELECT sid, sess, expire FROM sessions
        WHERE (sess -> 'auth' ->> 'user_id')::int = :userId AND expire > now()
        ORDER BY (sess -> 'auth' ->> 'last_seen_at')::bigint DESC`,
      { replacements: { userId }, type: QueryTypes.SELECT },
    );
    return rows.map(({ sid, sess, expire }) => ({
      sid,
      id: publicSessionId(sid),
      device: sess.auth.device,
      ip: sess.auth.ip,
      created_at: new Date(sess.auth.signed_in_at).toISOString(),
      last_seen_at: new Date(sess.auth.last_seen_at).toISOString(),
      expires_at: expire.toISOString(),
    }));
  },

  async clearReenroll(sid: string): Promise<void> {
    await User.sequelize!.query(
      `UPDATE sessions SET sess = (sess::jsonb #- '{auth,reenroll}')::json WHERE sid = :sid`,
      { replacements: { sid } },
    );
  },

  async destroy(sid: string): Promise<void> {
    await User.sequelize!.query('DELETE FROM sessions WHERE sid = :sid', { replacements: { sid } });
  },
};
