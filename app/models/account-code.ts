import { AppError } from '../core/errors.js';
import type { Secrets } from '../core/secrets.js';
import { AuthAttempts } from './auth-attempts.js';
import { User } from './user.js';

/**
 * A signed-in user proves they still hold their authenticator before a change to their
 * credentials (new recovery codes, a new authenticator). Wrong codes count against the
 * account's own limit and the address, never the public username counter.
 */
export async function confirmAccountCode(
  userId: number,
  code: string,
  ip: string | undefined,
  secrets: Secrets,
): Promise<User> {
  await AuthAttempts.accountCode(userId, ip);
  const user = await User.findByPk(userId, { rejectOnEmpty: true });
  if (!(await user.acceptCode(code, secrets))) {
    throw new AppError(
      'INVALID_CODE',
      'That code is not valid. Wait for the next one and try again.',
      {
        code: 'is not the current code of your authenticator app',
      },
    );
  }
  await AuthAttempts.accountCodeSucceeded(userId, ip);
  return user;
}
