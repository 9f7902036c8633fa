import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, ScryptPasswordHasher } from './scrypt-password-hasher.js';

const hasher = new ScryptPasswordHasher({ N: 1024, r: 8, p: 1 });
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function parts(stored: string): string[] {
  const match = FORMAT.exec(stored);
  expect(match, stored).not.toBeNull();
  return match!.slice(1);
}

function flipChar(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('ScryptPasswordHasher', () => {
  it('stores scrypt$N$r$p$salt$hash with its parameters', async () => {
    const [N, r, p, salt, hash] = parts(await hasher.hash('a long enough passphrase'));
    expect([N, r, p]).toEqual(['1024', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
  });

  it('uses a fresh salt for every hash of the same password', async () => {
    const a = await hasher.hash('same password here');
    const b = await hasher.hash('same password here');
    expect(a).not.toBe(b);
    expect(parts(a)[3]).not.toBe(parts(b)[3]);
    expect(parts(a)[4]).not.toBe(parts(b)[4]);
    expect(await hasher.verify('same password here', a)).toBe(true);
    expect(await hasher.verify('same password here', b)).toBe(true);
  });

  it('verifies the right password', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
    expect(await hasher.verify('Correct horse battery staple', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('verifies a hash made with other parameters from the stored ones', async () => {
    const stored = await new ScryptPasswordHasher({ N: 2048, r: 4, p: 2 }).hash('raised parameters');
    expect(parts(stored).slice(0, 3)).toEqual(['2048', '4', '2']);
    expect(await hasher.verify('raised parameters', stored)).toBe(true);
    expect(await hasher.verify('other password', stored)).toBe(false);
  });

  it('rejects tampered hashes and salts', async () => {
    const stored = await hasher.hash('tamper with me please');
    const [N, r, p, salt, hash] = parts(stored);
    expect(await hasher.verify('tamper with me please', ['scrypt', N, r, p, salt, flipChar(hash!, 5)].join('$'))).toBe(false);
    expect(await hasher.verify('tamper with me please', ['scrypt', N, r, p, flipChar(salt!, 5), hash].join('$'))).toBe(false);
    expect(await hasher.verify('tamper with me please', ['scrypt', '2048', r, p, salt, hash].join('$'))).toBe(false);
    expect(await hasher.verify('tamper with me please', ['scrypt', N, '4', p, salt, hash].join('$'))).toBe(false);
  });

  it('rejects a stored hash that is empty or too short to mean anything', async () => {
    const [N, r, p, salt] = parts(await hasher.hash('any password at all'));
    for (const hash of ['!!!!', '*', 'AA', 'AAAAAAAAAAAAAAAAAAA']) {
      expect(await hasher.verify('any password at all', ['scrypt', N, r, p, salt, hash].join('$')), hash).toBe(false);
      expect(await hasher.verify('something else entirely', ['scrypt', N, r, p, salt, hash].join('$')), hash).toBe(false);
    }
  });

  it('returns false for malformed stored strings and never throws', async () => {
    const stored = await hasher.hash('malformed inputs');
    const [, r, p, salt, hash] = parts(stored);
    const malformed = [
      '',
      'scrypt',
      'scrypt$$$$$',
      `bcrypt$1024$${r}$${p}$${salt}$${hash}`,
      `$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234`,
      `scrypt$abc$${r}$${p}$${salt}$${hash}`,
      `scrypt$1000$${r}$${p}$${salt}$${hash}`,
      `scrypt$0$${r}$${p}$${salt}$${hash}`,
      `scrypt$-1024$${r}$${p}$${salt}$${hash}`,
      `scrypt$1024$0$${p}$${salt}$${hash}`,
      `scrypt$1024$${r}$-1$${salt}$${hash}`,
      `scrypt$1024$1.5$${p}$${salt}$${hash}`,
      `scrypt$$${r}$${p}$${salt}$${hash}`,
      `scrypt$1024$${r}$${p}$$${hash}`,
      `scrypt$1024$${r}$${p}$${salt}$`,
      `scrypt$1024$${r}$${p}$${salt}`,
      `scrypt$${2 ** 40}$${r}$${p}$${salt}$${hash}`,
    ];
    for (const bad of malformed) {
      await expect(hasher.verify('malformed inputs', bad), bad).resolves.toBe(false);
    }
  });

  it('verifies NFC and NFD forms of the same password alike', async () => {
    const nfc = 'café au lait, s’il vous plaît'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(await hasher.verify(nfd, await hasher.hash(nfc))).toBe(true);
    expect(await hasher.verify(nfc, await hasher.hash(nfd))).toBe(true);
    expect(await hasher.verify('cafe au lait, s’il vous plait', await hasher.hash(nfc))).toBe(false);
  });

  it('hashes non-ASCII passwords', async () => {
    const stored = await hasher.hash('пароль 密码 🔑🔑🔑');
    expect(await hasher.verify('пароль 密码 🔑🔑🔑', stored)).toBe(true);
    expect(await hasher.verify('пароль 密码 🔑🔑', stored)).toBe(false);
  });

  it('spends a dummy verify without throwing', async () => {
    await expect(hasher.verifyDummy('whatever the attacker sent')).resolves.toBeUndefined();
  });

  it('uses N=2^15, r=8, p=1 by default', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const standard = new ScryptPasswordHasher();
    const stored = await standard.hash('default parameters passphrase');
    expect(parts(stored).slice(0, 3)).toEqual(['32768', '8', '1']);
    expect(await standard.verify('default parameters passphrase', stored)).toBe(true);
    expect(await standard.verify('default parameters passphrase!', stored)).toBe(false);
  });
});
