export const ROLES = ['customer', 'organizer', 'staff', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling a method: the signed-in user, as every transport sees them. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** False for an admin calling with a token that lacks the `admin` scope. */
  adminPowers?: false;
}

/**
 * Whether the caller may act on other people's records as an admin: an admin, unless
 * through a token without the `admin` scope (which keeps the organizer's and the box
 * office's powers, over their own records and over bookings, and nothing more).
 */
export const actsAsAdmin = (actor: Actor | null | undefined): boolean =>
  actor?.role === 'admin' && actor.adminPowers !== false;

export type Transport = 'http' | 'socket' | 'page';

/** Box office and admins: shorter sessions and token lifetimes, and staff-only powers. */
export const isStaff = (role: Role): boolean => role === 'staff' || role === 'admin';

/** What a personal access token may be given (docs/security.md). */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
