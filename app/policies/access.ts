import { actsAsAdmin, ROLES, type Actor, type Role } from '../shared/types.js';

/**
 * Who may call a method:
 * - `'anyone'`: signed in or not;
 * - `'signed_in'`: any signed-in user;
 * - a list of roles: users with one of them. Admins may call every method.
 */
export type Access = 'anyone' | 'signed_in' | readonly Role[];

export function isAccess(value: unknown): value is Access {
  if (value === 'anyone' || value === 'signed_in') return true;
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((role) => (ROLES as readonly unknown[]).includes(role))
  );
}

export type AccessDecision = 'allowed' | 'unauthenticated' | 'forbidden';

export function decideAccess(access: Access, actor: Actor | null): AccessDecision {
  if (access === 'anyone') return 'allowed';
  if (!actor) return 'unauthenticated';
  if (access === 'signed_in' || actsAsAdmin(actor)) return 'allowed';
  // An admin without admin powers passes the lists of the roles an admin also has.
  if (actor.role === 'admin')
    return access.some((role) => role !== 'admin') ? 'allowed' : 'forbidden';
  return access.includes(actor.role) ? 'allowed' : 'forbidden';
}
