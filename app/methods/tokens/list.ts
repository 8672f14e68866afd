import { ApiToken } from '../../models/index.js';
import { presentApiToken } from '../../presenters/api-token.js';
import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'tokens.list',
  summary: 'Your API tokens (names and last use; never the secrets).',
  access: 'signed_in',
  scope: 'session',
  noStore: true,
  input: {},
  async run(ctx) {
    const tokens = await ApiToken.findAll({
      where: { user_id: ctx.actor!.id },
      order: [['created_at', 'DESC']],
    });
    return { tokens: tokens.map(presentApiToken) };
  },
});
