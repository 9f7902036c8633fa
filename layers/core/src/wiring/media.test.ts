import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFsMediaStorage } from '../adapters/local-fs/media-storage.js';
import { OssMediaStorage } from '../adapters/oss/media-storage.js';
import { loadConfig } from '../config/env.js';
import type { SqlDatabase } from '../ports/sql.js';
import { embeddedWiring } from './embedded.js';
import { mediaStorage } from './media.js';
import { Wiring } from './wiring.js';

const devSigningKeys = [{ kid: 'k', alg: 'EdDSA' as const, privateJwk: { d: 'c2VjcmV0LWtleS1tYXRlcmlhbA' } }];
let dataDir: string;
const load = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env }, { devSigningKeys });
const oss = {
  OSS_REGION: 'cn-hangzhou',
  OSS_BUCKET: 'chat-media',
  OSS_ENDPOINT: 'https://media-up.example.com',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.ak',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sk',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'token',
};
// The embedded wiring opens PGlite eagerly; this slice does not need it.
const noSql = { close: async () => undefined } as unknown as SqlDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'media-wiring-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('media storage wiring', () => {
  it('builds OSS from OSS_* and signs grants for the configured upload domain with the STS token', async () => {
    const storage = await new Wiring(load(oss)).use(mediaStorage);
    expect(storage).toBeInstanceOf(OssMediaStorage);
    const grant = await storage.grantUpload({ key: 'pending/u1/x', contentType: 'image/png', size: 10, expiresInSeconds: 60 });
    const url = new URL(grant.url);
    expect(url.origin + url.pathname).toBe('https://media-up.example.com/pending/u1/x');
    expect(url.searchParams.get('x-oss-security-token')).toBe('token');
    expect(url.searchParams.get('x-oss-additional-headers')).toBe('content-length');
    expect(url.searchParams.get('x-oss-credential')).toMatch(/^STS\.ak\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request$/);
    expect(grant.headers).toEqual({ 'Content-Type': 'image/png', 'x-oss-forbid-overwrite': 'true' });
  });

  it('has no media storage without OSS outside the local cloud', async () => {
    await expect(new Wiring(load()).use(mediaStorage)).rejects.toThrow(/OSS_BUCKET is not set/);
  });

  it('uses local files in the embedded wiring without OSS, and OSS with it', async () => {
    const local = await embeddedWiring(load({ PUBLIC_BASE_URL: 'http://127.0.0.1:9999/' }), { sql: noSql });
    const storage = await local.use(mediaStorage);
    expect(storage).toBeInstanceOf(LocalFsMediaStorage);
    const grant = await storage.grantUpload({ key: 'pending/u1/x', contentType: 'image/png', size: 10, expiresInSeconds: 60 });
    expect(grant.url).toMatch(/^http:\/\/127\.0\.0\.1:9999\/media-files\/pending\/u1\/x\?/);
    await local.close();
    const cloud = await embeddedWiring(load(oss), { sql: noSql });
    expect(await cloud.use(mediaStorage)).toBeInstanceOf(OssMediaStorage);
    await cloud.close();
  });
});
