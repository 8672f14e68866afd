import type { ApiToken } from '../models/index.js';

export function presentApiToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    created_at: token.created_at.toISOString(),
    last_used_at: token.last_used_at?.toISOString() ?? null,
  };
}
