import type { ApiToken } from '../models/index.js';

export function presentApiToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    created_at: token.created_at.toISOString(),
    expires_at: token.expires_at.toISOString(),
    last_used_at: token.last_used_at?.toISOString() ?? null,
    last_used_ip: token.last_used_ip ?? null,
  };
}
