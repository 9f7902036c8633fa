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

describe('media config', () => {
  it('defaults to local files, 100 MiB and no CDN', () => {
    expect(load({}).media).toEqual({
      maxBytes: 104_857_600,
      grantsPerHour: 200,
      uploadTtlSeconds: 900,
      downloadTtlSeconds: 300,
      oss: undefined,
      cdn: undefined,
    });
  });

  it('reads OSS with credentials from the environment, and the CDN signing key', () => {
    const media = load({
      MEDIA_MAX_BYTES: '1048576',
      OSS_REGION: 'cn-hangzhou',
      OSS_BUCKET: 'chat-media',
      OSS_ENDPOINT: 'https://up.example.com',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts',
      CDN_DOMAIN: 'media.example.com',
      CDN_AUTH_KEY: 'k'.repeat(16),
      CDN_AUTH_VALIDITY_SECONDS: '600',
    }).media;
    expect(media).toEqual({
      maxBytes: 1_048_576,
      grantsPerHour: 200,
      uploadTtlSeconds: 900,
      downloadTtlSeconds: 300,
      oss: {
        region: 'cn-hangzhou',
        bucket: 'chat-media',
        endpoint: 'https://up.example.com',
        accessKeyId: 'id',
        accessKeySecret: 'secret',
        securityToken: 'sts',
      },
      cdn: { domain: 'media.example.com', authKey: 'k'.repeat(16), validitySeconds: 600 },
    });
  });

  it('treats blank optional variables as unset', () => {
    expect(load({ OSS_REGION: '', OSS_BUCKET: ' ', CDN_DOMAIN: '', CDN_AUTH_KEY: '' }).media.oss).toBeUndefined();
  });

  it('lists every bad media variable at once', () => {
    expect(
      problems({ MEDIA_MAX_BYTES: '0', OSS_BUCKET: 'Bad_Bucket', OSS_ENDPOINT: 'ftp://x', CDN_DOMAIN: 'media.example.com', CDN_AUTH_KEY: 'short' }),
    ).toEqual([
      'MEDIA_MAX_BYTES: Too small: expected number to be >=1',
      'OSS_BUCKET: must be an OSS bucket name',
      'OSS_ENDPOINT: must be a http or https URL',
      'CDN_AUTH_KEY: must be at least 16 characters',
      'OSS_REGION, OSS_BUCKET: set both or neither',
    ]);
    expect(problems({ OSS_REGION: 'cn-hangzhou', OSS_BUCKET: 'chat-media' })).toEqual([
      'ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with OSS_BUCKET',
    ]);
    expect(problems({ CDN_DOMAIN: 'media.example.com' })).toEqual(['CDN_DOMAIN, CDN_AUTH_KEY: set both or neither']);
  });
});
