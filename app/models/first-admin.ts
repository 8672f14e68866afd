import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import type { SetupToken } from '../core/setup-token.js';
import { User } from './user.js';

/** The first-admin set-up exists only until there is an admin; afterwards it is NOT_FOUND. */
export async function assertNoAdminYet(transaction?: Transaction): Promise<void> {
  if (await User.count({ where: { role: 'admin' }, transaction })) {
    throw new AppError('NOT_FOUND', 'Seats already has an administrator.');
  }
}

/** Whether Seats has an administrator yet (start-up prints the set-up address until then). */
export async function hasAdmin(): Promise<boolean> {
  return (await User.count({ where: { role: 'admin' } })) > 0;
}

/** FORBIDDEN unless `given` is this process's set-up token (printed in its log at start-up). */
export function assertSetupToken(token: SetupToken, given: unknown): void {
  if (!token.matches(given))
    throw new AppError(
      'FORBIDDEN',
      'Open the set-up address that the server printed in its log when it started (…/setup?token=…).',
      { setup_token: 'is not this server’s set-up token' },
    );
}
