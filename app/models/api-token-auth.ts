import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { isStaff } from '../shared/types.js';
import type { TokenScope } from '../policies/scopes.js';
import { ApiToken } from './api-token.js';
import { User } from './user.js';

const PREFIX = 'seats_';
const DAY_MS = 86_400_000;

/** Longest lifetimes, in days: staff and admin tokens open more, so they live less. */
export const TOKEN_MAX_DAYS = { staff: 30, others: 90 } as const;

export const tokenMaxDays = (role: User['role']) =>
  isStaff(role) ? TOKEN_MAX_DAYS.staff : TOKEN_MAX_DAYS.others;

const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Makes a token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  userId: number,
  fields: { name: string; scopes: TokenScope[]; days: number },
): Promise<{ token: ApiToken; secret: string }> {
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const token = await ApiToken.create({
    user_id: userId,
    name: fields.name,
    scopes: fields.scopes,
    expires_at: new Date(Date.now() + fields.days * DAY_MS),
    token_hash: hashToken(secret),
  });
  return { token, secret };
}

/**
 * The owner of a presented token that has not expired, with the token, noting when and
 * from where it was used (at most once a minute). A token of someone who became staff or
 * admin after it was made stops at the staff limit, counted from its creation.
 */
export async function userForApiToken(
  secret: string,
  ip: string | undefined,
): Promise<{ user: User; token: ApiToken } | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const token = await ApiToken.findOne({
    where: { token_hash: hashToken(secret), expires_at: { [Op.gt]: new Date() } },
  });
  const user = token && (await User.findByPk(token.user_id));
  if (!token || !user) return null;
  if (Date.now() - token.created_at.getTime() > tokenMaxDays(user.role) * DAY_MS) return null;
  await ApiToken.update(
    { last_used_at: new Date(), last_used_ip: ip ?? null },
    {
      where: {
        id: token.id,
        [Op.or]: [
          { last_used_at: null },
          { last_used_at: { [Op.lt]: new Date(Date.now() - 60_000) } },
          { last_used_ip: { [Op.ne]: ip ?? null } },
        ],
      },
    },
  );
  return { user, token };
}

/** Revokes every token of a user; answers how many. */
export function revokeAllTokens(userId: number): Promise<number> {
  return ApiToken.destroy({ where: { user_id: userId } });
}
