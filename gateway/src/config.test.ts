import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { ConfigError } from '@chat/core/config/env';
import { loadGatewayConfig } from './config.js';

const jwks = { JWKS_URL: 'https://chat.example.com/.well-known/jwks.json' };

function problems(env: Record<string, string>): string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Invalid gateway configuration:\n/);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadGatewayConfig', () => {
  it('fills in defaults', () => {
    expect(loadGatewayConfig(jwks)).toEqual({
      port: 8081,
      host: '0.0.0.0',
      redisUrl: undefined,
      jwksUrl: jwks.JWKS_URL,
      signingKeys: undefined,
      issuer: 'fc-chat',
      chatApi: { mode: 'inprocess', fc: undefined },
      logLevel: 'info',
      presenceTtlMs: 60_000,
      nodeName: 'gateway',
      clientFrames: { perSecond: 20, burst: 60 },
      allowedOrigins: [],
    });
    expect(loadGatewayConfig({ ...jwks, GATEWAY_CLIENT_FRAMES_PER_SECOND: '50', GATEWAY_CLIENT_FRAME_BURST: '100' }).clientFrames).toEqual({
      perSecond: 50,
      burst: 100,
    });
  });

  it('does not need the functions’ variables, even in production', () => {
    expect(() => loadGatewayConfig({ ...jwks, NODE_ENV: 'production' })).not.toThrow();
  });

  it('reads the signing keys as the functions do', async () => {
    const key = await generateSigningKey();
    expect(loadGatewayConfig({ JWT_SIGNING_KEYS: JSON.stringify([key]) }).signingKeys).toEqual([key]);
    expect(problems({ JWT_SIGNING_KEYS: '{not json' })).toEqual(['JWT_SIGNING_KEYS: must be a JSON array of {kid, alg, privateJwk}']);
  });

  it('reads the FC settings of CHAT_API=fc', () => {
    const config = loadGatewayConfig({
      ...jwks,
      CHAT_API: 'fc',
      CHAT_FUNCTION_NAME: 'chat-invoke-gateway-chat',
      FC_ENDPOINT: '123.cn-hangzhou.fc.aliyuncs.com',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      CHAT_FUNCTION_QUALIFIER: 'LATEST',
    });
    expect(config.chatApi).toEqual({
      mode: 'fc',
      fc: {
        functionName: 'chat-invoke-gateway-chat',
        endpoint: '123.cn-hangzhou.fc.aliyuncs.com',
        accessKeyId: 'id',
        accessKeySecret: 'secret',
        securityToken: undefined,
        qualifier: 'LATEST',
      },
    });
  });

  it('lists every missing FC setting at once', () => {
    const error = problems({ ...jwks, CHAT_API: 'fc', FC_ENDPOINT: '123.cn-hangzhou.fc.aliyuncs.com' }).join('\n');
    expect(error).toContain('CHAT_FUNCTION_NAME');
    expect(error).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(error).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(error).not.toContain('FC_ENDPOINT:');
  });

  it('lists every bad variable in one error', () => {
    expect(
      problems({
        PORT: '70000',
        REDIS_URL: 'http://cache',
        CHAT_API: 'grpc',
        LOG_LEVEL: 'loud',
        PRESENCE_TTL_MS: '10',
        JWKS_URL: 'not a url',
        GATEWAY_CLIENT_FRAMES_PER_SECOND: '0',
      }).map((p) => p.split(':')[0]),
    ).toEqual(['PORT', 'REDIS_URL', 'JWKS_URL', 'CHAT_API', 'LOG_LEVEL', 'PRESENCE_TTL_MS', 'GATEWAY_CLIENT_FRAMES_PER_SECOND']);
    expect(problems({ CHAT_API: 'fc' })).toEqual([
      'JWKS_URL or JWT_SIGNING_KEYS: one is required to verify access tokens',
      'CHAT_FUNCTION_NAME: required with CHAT_API=fc',
      'FC_ENDPOINT: required with CHAT_API=fc',
      'ALIBABA_CLOUD_ACCESS_KEY_ID: required with CHAT_API=fc',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET: required with CHAT_API=fc',
    ]);
  });
});
