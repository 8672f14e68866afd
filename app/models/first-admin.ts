import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import { User } from './user.js';

/** The first-admin set-up exists only until there is an admin; afterwards it is NOT_FOUND. */
export async function assertNoAdminYet(transaction?: Transaction): Promise<void> {
  if (await User.count({ where: { role: 'admin' }, transaction })) {
    throw new AppError('NOT_FOUND', 'Seats already has an administrator.');
  }
}
