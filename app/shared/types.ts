export const ROLES = ['customer', 'organizer', 'staff', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling a method: the signed-in user, as every transport sees them. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
}

export type Transport = 'http' | 'socket' | 'page';

/** Box office and admins: shorter sessions and token lifetimes, and staff-only powers. */
export const isStaff = (role: Role): boolean => role === 'staff' || role === 'admin';

/** What a personal access token may be given (docs/security.md). */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
