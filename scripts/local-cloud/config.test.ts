import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@chat/core/config/env';
import { functionEnv, loadLocalCloudConfig } from './config.js';

describe('loadLocalCloudConfig', () => {
  it('fills in defaults, with DATA_DIR made absolute', () => {
    expect(loadLocalCloudConfig({})).toEqual({ port: 8080, dataDir: path.resolve('.data'), timerSeconds: 5, gatewayNodes: 2 });
  });

  it('does not need the functions’ variables, even in production', () => {
    expect(loadLocalCloudConfig({ NODE_ENV: 'production', PORT: '9000', DATA_DIR: '/tmp/chat' })).toMatchObject({ port: 9000, dataDir: '/tmp/chat' });
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadLocalCloudConfig({ PORT: 'eighty', DATA_DIR: '', LOCAL_TIMER_SECONDS: '0', GATEWAY_NODES: '1.5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Invalid local cloud configuration:\n/);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATA_DIR', 'LOCAL_TIMER_SECONDS', 'GATEWAY_NODES']);
  });

  it('points the functions’ links at this local cloud and lets its own origin through CORS, unless the environment says otherwise', () => {
    const local = loadLocalCloudConfig({ PORT: '9000', DATA_DIR: 'x' });
    expect(functionEnv({ DATA_DIR: 'x' }, local)).toEqual({
      PUBLIC_BASE_URL: 'http://127.0.0.1:9000',
      CORS_ALLOWED_ORIGINS: 'http://127.0.0.1:9000,http://localhost:9000',
      DATA_DIR: path.resolve('x'),
    });
    expect(functionEnv({ PUBLIC_BASE_URL: 'https://chat.example.com' }, local).PUBLIC_BASE_URL).toBe('https://chat.example.com');
    expect(functionEnv({ CORS_ALLOWED_ORIGINS: 'https://chat.example.com' }, local).CORS_ALLOWED_ORIGINS).toBe('https://chat.example.com');
  });
});
