import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * Keys derived from SECRET_KEY, one per purpose, so that a cookie-signing key can never
 * decrypt an authenticator secret. Without SECRET_KEY (development, tests) a random key
 * is generated once and kept in DATA_DIR/secret.key (mode 0600).
 */
export class Secrets {
  readonly #master: Buffer;

  constructor(master: string | Buffer) {
    this.#master = Buffer.from(master);
  }

  static fromConfig(config: Pick<Config, 'SECRET_KEY' | 'dataDir'>): Secrets {
    if (config.SECRET_KEY) return new Secrets(config.SECRET_KEY);
    const file = path.join(config.dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new Secrets(readFileSync(file, 'utf8').trim());
  }

  readonly #keys = new Map<string, Buffer>();

  /** The key for one purpose, derived once (HKDF costs more than what uses it per request). */
  key(purpose: 'session' | 'totp' | 'recovery' | 'csrf'): Buffer {
    let key = this.#keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#master, 'seats', purpose, 32));
      this.#keys.set(purpose, key);
    }
    return key;
  }

  /** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key('totp'), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined)
      throw new Error('not a sealed secret');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key('totp'),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
