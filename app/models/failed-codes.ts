import { QueryTypes } from 'sequelize';
import type { FailedCodes } from '../core/session.js';
import { User } from './user.js';

/** Counts a wrong code (or recovery code) tried for a user's name, to tell them later. */
export async function noteFailedCode(userId: number): Promise<void> {
  await User.sequelize!.query(
    'UPDATE users SET failed_codes = failed_codes + 1, failed_code_at = now() WHERE id = :userId',
    { replacements: { userId } },
  );
}

/** At sign-in: the wrong codes tried since the last one, if any, and the count starts again. */
export async function takeFailedCodes(userId: number): Promise<FailedCodes | null> {
  const [row] = await User.sequelize!.query<{ count: number; last_at: Date | null }>(
    `UPDATE users u SET failed_codes = 0
       FROM (SELECT id, failed_codes, failed_code_at FROM users WHERE id = :userId FOR UPDATE) old
      WHERE u.id = old.id
      RETURNING old.failed_codes AS count, old.failed_code_at AS last_at`,
    { replacements: { userId }, type: QueryTypes.SELECT },
  );
  return row?.count && row.last_at
    ? { count: row.count, last_at: row.last_at.toISOString() }
    : null;
}
