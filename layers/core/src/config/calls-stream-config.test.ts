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

describe('Stream (calls) config', () => {
  it('is off when unset or blank (s.yaml passes unset variables as empty strings)', () => {
    expect(load({}).getstream).toBeUndefined();
    expect(load({ STREAM_API_KEY: '', STREAM_API_SECRET: ' ', STREAM_BASE_URL: '' }).getstream).toBeUndefined();
  });

  it('reads the key and secret, and the optional base URL', () => {
    expect(load({ STREAM_API_KEY: 'k1', STREAM_API_SECRET: 's1' }).getstream).toEqual({ apiKey: 'k1', apiSecret: 's1', baseUrl: undefined });
    expect(load({ STREAM_API_KEY: 'k1', STREAM_API_SECRET: 's1', STREAM_BASE_URL: 'http://127.0.0.1:9000' }).getstream?.baseUrl).toBe('http://127.0.0.1:9000');
  });

  it('names a half-set pair and a bad base URL', () => {
    expect(problems({ STREAM_API_KEY: 'k1', STREAM_BASE_URL: 'ftp://x' })).toEqual([
      'STREAM_BASE_URL: must be a http or https URL',
      'STREAM_API_KEY, STREAM_API_SECRET: set both or neither',
    ]);
  });
});
