import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

const devSigningKeys = [{ kid: 'k', alg: 'EdDSA' as const, privateJwk: {} }];
const load = (env: Record<string, string>) => loadConfig(env, { devSigningKeys });
const problems = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};
const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' };
const APP = { ARTC_APP_ID: 'app', ARTC_APP_KEY: 'key', ARTC_CALLBACK_SECRET: 's'.repeat(16) };

describe('ARTC config', () => {
  it('is off when nothing is set', () => {
    expect(load({}).artc).toBeUndefined();
  });

  it('reads the app, the callback secret and an endpoint override', () => {
    expect(load({ ...KEYS, ...APP, ARTC_ENDPOINT: 'http://127.0.0.1:9100' }).artc).toEqual({
      appId: 'app',
      appKey: 'key',
      callbackSecret: 's'.repeat(16),
      endpoint: 'http://127.0.0.1:9100',
    });
  });

  it('refuses a half-set app, a short callback secret, and an app without an AccessKey', () => {
    expect(problems({ ...KEYS, ARTC_APP_ID: 'app' })).toEqual(['ARTC_APP_ID, ARTC_APP_KEY, ARTC_CALLBACK_SECRET: set all or none']);
    expect(problems({ ...KEYS, ...APP, ARTC_CALLBACK_SECRET: 'short' })).toEqual(['ARTC_CALLBACK_SECRET: must be at least 16 characters']);
    expect(problems(APP)).toEqual(['ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with ARTC_APP_ID']);
  });
});
