import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../ports/password-hasher.js';

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

export interface ScryptParams {
  /** CPU/memory cost; memory used is 128 * N * r bytes (32 MiB at the default). */
  N: number;
  r: number;
  p: number;
}

// OWASP's scrypt minimum is N=2^17 with r=8 (128 MiB); FC instances with 512 MB handle one login
// at a time, so we take N=2^15 (32 MiB) as the floor and make it configurable upward.
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
// A stored hash shorter than this was tampered with; an empty one would match every password.
const MIN_KEY_LENGTH = 16;

/** Stored format: `scrypt$N$r$p$<salt b64url>$<hash b64url>`, so parameters can be raised later. */
export class ScryptPasswordHasher implements PasswordHasher {
  private readonly dummy: Promise<string>;

  constructor(private readonly params: ScryptParams = DEFAULT_SCRYPT) {
    this.dummy = this.hash(randomBytes(16).toString('hex'));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.derive(password, salt, this.params);
    const { N, r, p } = this.params;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    if (expected.length < MIN_KEY_LENGTH) return false;
    try {
      const actual = await this.derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) }, expected.length);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    } catch {
      return false;
    }
  }

  async verifyDummy(password: string): Promise<void> {
    await this.verify(password, await this.dummy);
  }

  private derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, keylen = KEY_LENGTH): Promise<Buffer> {
    return scryptAsync(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  }
}
