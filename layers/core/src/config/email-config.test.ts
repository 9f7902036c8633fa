import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../adapters/jose/signing-keys.js';
import { unsubscribeKey } from '../wiring/email.js';
import { ConfigError, loadConfig, type SigningKeyConfig } from './env.js';

let keys: SigningKeyConfig[];
beforeAll(async () => {
  keys = [await generateSigningKey(), await generateSigningKey()];
});

describe('e-mail configuration', () => {
  it('defaults to the file sink, a 120 s delay and local links', () => {
    expect(loadConfig({}, { devSigningKeys: keys }).email).toEqual({
      smtpUrl: undefined,
      from: 'fc-chat <no-reply@localhost>',
      delaySeconds: 120,
      unsubscribeSecret: undefined,
      publicBaseUrl: 'http://127.0.0.1:8080',
    });
  });

  it('reads SMTP, sender, delay and base URL (without its trailing slash)', () => {
    const env = {
      SMTP_URL: 'smtps://u:p@smtp.example:465',
      MAIL_FROM: 'Chat <c@example.org>',
      EMAIL_DELAY_SECONDS: '0',
      PUBLIC_BASE_URL: 'https://chat.example/',
    };
    expect(loadConfig(env, { devSigningKeys: keys }).email).toMatchObject({
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      delaySeconds: 0,
      publicBaseUrl: 'https://chat.example',
    });
  });

  it('lists every bad e-mail variable at once', () => {
    const bad = { SMTP_URL: 'http://x', EMAIL_DELAY_SECONDS: '-1', UNSUBSCRIBE_SECRET: 'short', PUBLIC_BASE_URL: 'ftp://x' };
    const problems = (() => {
      try {
        loadConfig(bad, { devSigningKeys: keys });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['EMAIL_DELAY_SECONDS', 'PUBLIC_BASE_URL', 'SMTP_URL', 'UNSUBSCRIBE_SECRET']);
  });

  it('signs unsubscribe links with UNSUBSCRIBE_SECRET, or a key derived from the oldest signing key', () => {
    const secret = 'x'.repeat(32);
    expect(Buffer.from(unsubscribeKey(loadConfig({ UNSUBSCRIBE_SECRET: secret }, { devSigningKeys: keys }))).toString()).toBe(secret);
    const derived = unsubscribeKey(loadConfig({}, { devSigningKeys: keys }));
    expect(derived).toHaveLength(32);
    expect(unsubscribeKey(loadConfig({}, { devSigningKeys: [keys[0]!] }))).toEqual(derived);
    expect(unsubscribeKey(loadConfig({}, { devSigningKeys: [keys[1]!] }))).not.toEqual(derived);
  });
});
