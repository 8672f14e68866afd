import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
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

// Bearer requests look their token up here first: an API client's every request would
// otherwise cost a query. An entry lives 5 s at most (and never past its token's expiry);
// revoking a token, all of a user's, or changing their role forgets theirs at once in
// this process, and again after the change commits; a lookup that began before a forget
// is not kept, so no request in between can put the old answer back. Another app node
// keeps its entry up to those 5 s.
const TOKEN_CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

interface Known {
  user: User;
  token: ApiToken;
}

const known = new LRUCache<string, Known>({ max: 10_000, ttl: TOKEN_CACHE_MS });
/** Moves with every forget: a lookup keeps its answer only if none came while it ran. */
let forgets = 0;

/**
 * The owner of a presented token that has not expired, with the token; when and from
 * where it was used is noted at most once a minute.
 */
export async function userForApiToken(
  secret: string,
  ip: string | undefined,
): Promise<Known | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const hash = hashToken(secret);
  let found = known.get(hash);
  if (found && found.token.expires_at.getTime() <= Date.now()) {
    known.delete(hash);
    found = undefined;
  }
  if (!found) {
    const began = forgets;
    const token = await ApiToken.findOne({
      where: { token_hash: hash, expires_at: { [Op.gt]: new Date() } },
      include: [{ model: User, as: 'user', required: true }],
    });
    if (!token) return null;
    found = { user: token.user!, token };
    if (began === forgets)
      known.set(hash, found, {
        ttl: Math.min(TOKEN_CACHE_MS, token.expires_at.getTime() - Date.now()),
      });
  }
  const { token } = found;
  if (!token.last_used_at || Date.now() - token.last_used_at.getTime() > LAST_USED_EVERY_MS) {
    token.last_used_at = new Date();
    await ApiToken.update(
      { last_used_at: token.last_used_at, last_used_ip: ip ?? null },
      { where: { id: token.id } },
    );
  }
  return found;
}

/** Forgets the cached tokens of a user now and, inside a transaction, again after it commits. */
export function forgetTokensOf(userId: number, transaction?: Transaction | null): void {
  const forget = () => {
    forgets++;
    for (const [hash, entry] of known.entries()) if (entry.user.id === userId) known.delete(hash);
  };
  forget();
  transaction?.afterCommit(forget);
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
  forgetTokensOf(userId, transaction);
  return ApiToken.destroy({ where: { user_id: userId }, transaction });
}

/** Revokes one token of a user; answers whether there was one. */
export async function revokeToken(userId: number, tokenId: number): Promise<boolean> {
  const removed = await ApiToken.destroy({ where: { id: tokenId, user_id: userId } });
  forgetTokensOf(userId);
  return removed > 0;
}
