import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random code of `length` characters, five random bits each. */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHABET[byte & 31]).join('');
}

/** A booking's reference, short enough to say at the counter (40 bits). */
export const bookingCode = () => randomCode(8);

/** A ticket's code, for its QR image: unguessable (130 bits). */
export const ticketCode = () => randomCode(26);
