import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKey } from '../adapters/jose/signing-keys.js';
import { ConfigError, loadConfig, type SigningKeyConfig } from './env.js';

let keys: SigningKeyConfig[];
beforeAll(async () => {
  keys = [await generateSigningKey()];
});

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('push configuration', () => {
  it('defaults to no FCM, a 30 s sync interval and the gateway presence TTL', () => {
    expect(loadConfig({}, { devSigningKeys: keys })).toMatchObject({ push: { fcm: undefined, syncIntervalSeconds: 30 }, presence: { ttlMs: 60_000 } });
  });

  it('reads the service account, turning literal \\n back into newlines', () => {
    const oneLine = pem.replace(/\n/g, '\\n');
    const config = loadConfig(
      {
        FIREBASE_PROJECT_ID: 'chat-prod',
        FIREBASE_CLIENT_EMAIL: 'push@chat-prod.iam.gserviceaccount.com',
        FIREBASE_PRIVATE_KEY: oneLine,
        SYNC_PUSH_INTERVAL_SECONDS: '10',
      },
      { devSigningKeys: keys },
    );
    expect(config.push).toEqual({
      fcm: { projectId: 'chat-prod', clientEmail: 'push@chat-prod.iam.gserviceaccount.com', privateKey: pem },
      syncIntervalSeconds: 10,
    });
  });

  it('treats blank FIREBASE_* (what s.yaml passes when the deployer has none) as unset', () => {
    const config = loadConfig({ FIREBASE_PROJECT_ID: '', FIREBASE_CLIENT_EMAIL: ' ', FIREBASE_PRIVATE_KEY: '' }, { devSigningKeys: keys });
    expect(config.push.fcm).toBeUndefined();
  });

  it('refuses half a service account and a key that is no PEM, without echoing the secret', () => {
    const run = () => loadConfig({ FIREBASE_PROJECT_ID: 'chat-prod', FIREBASE_PRIVATE_KEY: 'top-secret-not-a-pem' }, { devSigningKeys: keys });
    expect(run).toThrow(ConfigError);
    const problems = (() => {
      try {
        run();
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('FIREBASE_PRIVATE_KEY: must be the PEM'), expect.stringContaining('set all three or none')]),
    );
    expect(problems.join('\n')).not.toContain('top-secret');
  });
});
