import { TOKEN_SCOPES, type Actor, type TokenScope } from '../shared/types.js';

/** What a method needs of a token; `session` means no token will do. */
export type MethodScope = TokenScope | 'session';

export const METHOD_SCOPES: readonly MethodScope[] = [...TOKEN_SCOPES, 'session'];

/**
 * Whether a token with `granted` may call a method that needs `needed`: `write` includes
 * `read`; `admin` is its own, for admin-only methods; `session` is never enough.
 */
export function scopeAllows(granted: readonly TokenScope[], needed: MethodScope): boolean {
  if (needed === 'session') return false;
  if (needed === 'read' && granted.includes('write')) return true;
  return granted.includes(needed);
}

/** The scopes `actor` may give a new token: `admin` only to admins. */
export function grantableScopes(actor: Actor): readonly TokenScope[] {
  return actor.role === 'admin' ? TOKEN_SCOPES : TOKEN_SCOPES.filter((scope) => scope !== 'admin');
}
