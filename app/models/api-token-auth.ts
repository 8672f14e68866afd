import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { ApiToken } from './api-token.js';
import { User } from './user.js';

const PREFIX = 'seats_';

const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Makes a token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  userId: number,
  name: string,
): Promise<{ token: ApiToken; secret: string }> {
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const token = await ApiToken.create({ user_id: userId, name, token_hash: hashToken(secret) });
  return { token, secret };
}

/** The owner of a presented token, noting when it was used (at most once a minute). */
export async function userForApiToken(secret: string): Promise<User | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const token = await ApiToken.findOne({ where: { token_hash: hashToken(secret) } });
  if (!token) return null;
  await ApiToken.update(
    { last_used_at: new Date() },
    {
      where: {
        id: token.id,
        [Op.or]: [
          { last_used_at: null },
          { last_used_at: { [Op.lt]: new Date(Date.now() - 60_000) } },
        ],
      },
    },
  );
  return User.findByPk(token.user_id);
}
