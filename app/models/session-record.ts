import { QueryTypes, type Transaction } from 'sequelize';
import type { Config } from '../core/config.js';
import { publicSessionId, sessionLimits, type SessionAuth } from '../core/session.js';
import { END_SESSIONS_SQL } from '../core/session-store.js';
import type { Actor, Role } from '../shared/types.js';
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

  /**
   * The user a live socket's session belongs to, and what the session remembers, as of
   * now: null once the session was ended, timed out or replaced. Socket activity counts as use, so it renews the idle
   * limit (at most once a minute).
   */
  async current(sid: string, config: Config): Promise<{ actor: Actor; auth: SessionAuth } | null> {
    const [row] = await User.sequelize!.query<{
      sess: { auth?: SessionAuth };
      id: number;
      username: string;
      role: Role;
    }>(
      `SELECT s.sess, u.id, u.username, u.role FROM sessions s
         JOIN users u ON u.id = (s.sess -> 'auth' ->> 'user_id')::int
        WHERE s.sid = :sid AND s.expire > now()`,
      { replacements: { sid }, type: QueryTypes.SELECT },
    );
    const auth = row?.sess.auth;
    if (!row || !auth) return null;
    const { idleMs, absoluteMs } = sessionLimits(config, row.role);
    const now = Date.now();
    if (now - auth.signed_in_at > absoluteMs || now - auth.last_seen_at > idleMs) {
      await SessionRecord.destroy(sid);
      return null;
    }
    if (now - auth.last_seen_at > 60_000) {
      await User.sequelize!.query(
        `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{auth,last_seen_at}', to_jsonb(:now::bigint))::json,
                expire = now() + make_interval(secs => :idle) WHERE sid = :sid`,
        { replacements: { sid, now, idle: idleMs / 1000 } },
      );
    }
    return { actor: { id: row.id, username: row.username, role: row.role }, auth };
  },

  async markVerified(sid: string): Promise<void> {
    await User.sequelize!.query(
      `UPDATE sessions SET sess = jsonb_set(sess::jsonb, '{auth,verified_at}', to_jsonb(:now::bigint))::json
        WHERE sid = :sid AND sess::jsonb ? 'auth'`,
      { replacements: { sid, now: Date.now() } },
    );
  },

  /**
   * Ends every session of a user but the one shown as `keep` (its public id), in one
   * statement, so a session signed in meanwhile cannot slip between a read and a delete.
   * Answers their public ids.
   */
  async destroyOthers(
    userId: number,
    keep: string | null,
    transaction?: Transaction,
  ): Promise<string[]> {
    const rows = await User.sequelize!.query<{ sid: string }>(
      `${END_SESSIONS_SQL} WHERE (sess -> 'auth' ->> 'user_id')::int = :userId
          AND left(encode(sha256(convert_to(sid, 'UTF8')), 'hex'), 24) IS DISTINCT FROM :keep
        RETURNING sid`,
      { replacements: { userId, keep }, type: QueryTypes.SELECT, transaction },
    );
    return rows.map((row) => publicSessionId(row.sid));
  },

  async clearReenroll(sid: string): Promise<void> {
    await User.sequelize!.query(
      `UPDATE sessions SET sess = (sess::jsonb #- '{auth,reenroll}')::json WHERE sid = :sid`,
      { replacements: { sid } },
    );
  },

  async destroy(sid: string): Promise<void> {
    await User.sequelize!.query(`${END_SESSIONS_SQL} WHERE sid = :sid`, { replacements: { sid } });
  },
};
