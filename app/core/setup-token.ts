import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The token that opens the first-admin set-up: fresh at each start, kept only in this
 * process's memory and printed once in its log, so whoever reaches a new install's
 * /setup first cannot make themselves its administrator without also reading its log.
 */
export class SetupToken {
  readonly value = randomBytes(24).toString('base64url');

  matches(given: unknown): boolean {
    return typeof given === 'string' && timingSafeEqual(digest(given), digest(this.value));
  }
}
