import { User } from '../../app/models/index.js';
import type { Role } from '../../app/shared/types.js';

let sequence = 0;
const next = () => `${process.pid.toString(36)}${(++sequence).toString(36)}`;

/** A saved user; every attribute can be overridden. */
export async function buildUser(
  overrides: Partial<{ username: string; role: Role }> = {},
): Promise<User> {
  return User.create({ username: `user_${next()}`, role: 'customer', ...overrides });
}
