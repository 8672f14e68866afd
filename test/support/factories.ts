import { generateSync } from 'otplib';
import { newTotpSecret } from '../../app/core/totp.js';
import { User } from '../../app/models/index.js';
import type { Role } from '../../app/shared/types.js';
import { testSecrets } from './secrets.js';

let sequence = 0;
const next = () => `${process.pid.toString(36)}${(++sequence).toString(36)}`;

/** The plain authenticator secret of each user built here, to compute their codes. */
const plainSecrets = new Map<number, string>();

/** A saved user with an authenticator secret; every attribute can be overridden. */
export async function buildUser(
  overrides: Partial<{ username: string; role: Role }> = {},
): Promise<User> {
  const secret = newTotpSecret();
  const user = await User.create({
    username: `user_${next()}`,
    role: 'customer',
    totp_secret: testSecrets.encrypt(secret),
    ...overrides,
  });
  plainSecrets.set(user.id, secret);
  return user;
}

/** The user's authenticator code for now, or `stepsAgo` 30-second steps ago. */
export function codeFor(userOrSecret: User | string, stepsAgo = 0): string {
  const secret =
    typeof userOrSecret === 'string' ? userOrSecret : plainSecrets.get(userOrSecret.id);
  if (!secret) throw new Error('codeFor: not a user built by buildUser');
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) - stepsAgo * 30 });
}
