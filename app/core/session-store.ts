import connectPgSimple from 'connect-pg-simple';
import session, { type SessionData } from 'express-session';
import type { Role } from '../shared/types.js';

/**
 * How a session is ended: its row stays a day as a marker, holding no sign-in, so that a
 * request still in flight for it cannot write it back. express-session saves a changed
 * session when its request ends, and a plain upsert would re-create a row deleted
 * meanwhile: a thief's session would survive "sign out everywhere". The upsert below
 * leaves a marked row alone, and the row lock settles a save racing the end.
 */
export const END_SESSIONS_SQL = `UPDATE sessions SET sess = '{"ended": true}'::json,
  expire = now() + interval '1 day'`;

type Callback = (error?: unknown, value?: SessionData | null) => void;

/** The signed-in user of a session, read with it (id, name, role), or null for none. */
export interface SessionUser {
  id: number;
  username: string;
  role: Role;
}

/** A request whose session the store loaded: `sessionUser` came in the same query. */
export interface SessionRequest {
  sessionUser?: SessionUser | null;
}

const USER = Symbol('session user');
type Loaded = SessionData & { [USER]?: SessionUser | null };
type Query = (
  text: string,
  params: unknown[],
  done: (error?: unknown, row?: unknown) => void,
) => void;

/**
 * connect-pg-simple, except that an ended session stays ended, and a session is read
 * with its user in one query (the request finds the user in `req.sessionUser`).
 */
export function endableStore(options: connectPgSimple.PGStoreOptions) {
  const PgStore = connectPgSimple(session);
  class EndableStore extends PgStore {
    override get(sid: string, done: Callback): void {
      (this as unknown as { query: Query }).query(
        `SELECT s.sess, CASE WHEN u.id IS NOT NULL
                             THEN json_build_object('id', u.id, 'username', u.username, 'role', u.role) END AS user
           FROM sessions s
           LEFT JOIN users u ON u.id = (s.sess -> 'auth' ->> 'user_id')::int
          WHERE s.sid = $1 AND s.expire >= now()`,
        [sid],
        (error, row) => {
          if (error) return done(error);
          const found = row as { sess: Loaded; user: SessionUser | null } | undefined;
          if (!found || 'ended' in found.sess) return done(null, null);
          found.sess[USER] = found.user;
          done(null, found.sess);
        },
      );
    }

    override createSession(req: Parameters<session.Store['createSession']>[0], sess: Loaded) {
      (req as SessionRequest).sessionUser = sess[USER] ?? null;
      delete sess[USER];
      return super.createSession(req, sess);
    }

    override set(sid: string, sess: SessionData, done?: (error?: unknown) => void): void {
      const expires = sess.cookie?.expires
        ? new Date(sess.cookie.expires)
        : new Date(Date.now() + 86_400_000);
      (this as unknown as { query: Query }).query(
        `INSERT INTO sessions (sess, expire, sid) VALUES ($1, to_timestamp($2), $3)
         ON CONFLICT (sid) DO UPDATE SET sess = $1, expire = to_timestamp($2)
          WHERE (sessions.sess::jsonb ? 'ended') IS NOT TRUE`,
        [sess, Math.ceil(expires.getTime() / 1000), sid],
        (error) => done?.(error),
      );
    }

    override destroy(sid: string, done?: (error?: unknown) => void): void {
      (this as unknown as { query: Query }).query(
        `${END_SESSIONS_SQL} WHERE sid = $1`,
        [sid],
        (error) => done?.(error),
      );
    }
  }
  return new EndableStore(options);
}
