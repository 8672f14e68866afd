import { generateSecret, generateURI, verifySync } from 'otplib';

const ISSUER = 'Seats';

/** A new authenticator secret: 20 random bytes from the platform CSPRNG, base32. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(username: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: username, secret });
}

/**
 * The time step of `code` when it is valid for `secret` within one step either side of
 * now and later than `afterTimeStep` (a code is accepted once); else null.
 */
export function matchTotp(secret: string, code: string, afterTimeStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epochTolerance: 30,
    afterTimeStep: afterTimeStep || undefined,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
