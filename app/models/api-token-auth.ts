import { createHash, randomBytes } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { isStaff, type TokenScope } from '../shared/types.js';
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
 * The owner of a presented token that has not expired, with the token, in one query;
 * when and from where it was used is noted at most once a minute.
 */
export async function userForApiToken(
  secret: string,
  ip: string | undefined,
): Promise<{ user: User; token: ApiToken } | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const token = await ApiToken.findOne({
    where: { token_hash: hashToken(secret), expires_at: { [Op.gt]: new Date() } },
    include: [{ model: User, as: 'user', required: true }],
  });
  if (!token) return null;
  if (!token.last_used_at || Date.now() - token.last_used_at.getTime() > 60_000)
    await ApiToken.update(
      { last_used_at: new Date(), last_used_ip: ip ?? null },
      { where: { id: token.id } },
    );
  return { user: token.user!, token };
}

/**
 * A user just made staff or admin keeps their tokens for the staff lifetime at most,
 * counted from each token's creation.
 */
export async function capTokensForStaff(userId: number, transaction: Transaction) {
  await ApiToken.sequelize!.query(
    `UPDATE api_tokens SET expires_at = LEAST(expires_at, created_at + make_interval(days => :days))
      WHERE user_id = :userId`,
    { replacements: { userId, days: TOKEN_MAX_DAYS.staff }, transaction },
  );
}

/** Revokes every token of a user; answers how many. */
export function revokeAllTokens(userId: number, transaction?: Transaction): Promise<number> {
  return ApiToken.destroy({ where: { user_id: userId }, transaction });
}
