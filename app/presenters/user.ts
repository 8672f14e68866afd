import type { User } from '../models/index.js';

/** A user as anyone who may see them sees them: never the secret or its time step. */
export function presentUser(user: Pick<User, 'id' | 'username' | 'role'>) {
  return { id: user.id, username: user.username, role: user.role };
}
