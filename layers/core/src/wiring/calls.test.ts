import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtcCallProvider } from '../adapters/artc/call-provider.js';
import { GetStreamCallProvider } from '../adapters/getstream/call-provider.js';
import { LocalCallProvider } from '../adapters/local-webrtc/call-provider.js';
import { loadConfig } from '../config/env.js';
import type { SqlDatabase } from '../ports/sql.js';
import { callProviders } from './calls.js';
import { embeddedWiring } from './embedded.js';
import { Wiring } from './wiring.js';

const devSigningKeys = [{ kid: 'k', alg: 'EdDSA' as const, privateJwk: { d: 'c2VjcmV0LWtleS1tYXRlcmlhbA' } }];
let dataDir: string;
const load = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env }, { devSigningKeys });
const stream = { STREAM_API_KEY: 'key', STREAM_API_SECRET: 'secret' };
const artc = {
  ARTC_APP_ID: 'app',
  ARTC_APP_KEY: 'appkey',
  ARTC_CALLBACK_SECRET: 'a-callback-secret-of-length',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'ak',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sk',
};
// The embedded wiring opens PGlite eagerly; this slice does not need it.
const noSql = { close: async () => undefined } as unknown as SqlDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'calls-wiring-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('call provider wiring', () => {
  it('uses getstream for audio and artc for video when configured, also under the local cloud', async () => {
    const providers = await (await embeddedWiring(load({ ...stream, ...artc }), { sql: noSql })).use(callProviders);
    expect(providers.forKind('audio')).toBeInstanceOf(GetStreamCallProvider);
    expect(providers.forKind('video')).toBeInstanceOf(ArtcCallProvider);
    expect(providers.get('local')).toBeInstanceOf(LocalCallProvider);
  });

  it('falls back to the local provider per kind under the local cloud', async () => {
    const providers = await (await embeddedWiring(load(stream), { sql: noSql })).use(callProviders);
    expect(providers.forKind('audio')).toBeInstanceOf(GetStreamCallProvider);
    expect(providers.forKind('video')).toBeInstanceOf(LocalCallProvider);
    const none = await (await embeddedWiring(load(), { sql: noSql })).use(callProviders);
    expect(none.forKind('audio')).toBe(none.forKind('video'));
    expect(none.forKind('audio').name).toBe('local');
  });

  it('is a clear configuration error in a deployed function (no embedded provider) for a kind without its provider', async () => {
    const providers = await new Wiring(load(stream)).use(callProviders);
    expect(providers.forKind('audio')).toBeInstanceOf(GetStreamCallProvider);
    expect(() => providers.forKind('video')).toThrow(/ARTC_APP_ID is not set, so there is no ARTC call provider/);
    expect(() => providers.get('local')).toThrow(/only under the local cloud/);
    const bare = await new Wiring(load()).use(callProviders);
    expect(() => bare.forKind('audio')).toThrow(/STREAM_API_KEY is not set/);
  });

  it('reads CALL_MAX_PARTICIPANTS, CALL_RING_SECONDS and CALL_CREDENTIAL_TTL_SECONDS with their defaults', () => {
    expect(load().calls).toMatchObject({ maxParticipants: 16, ringSeconds: 45, credentialTtlSeconds: 3600 });
    expect(load({ CALL_MAX_PARTICIPANTS: '4', CALL_RING_SECONDS: '10' }).calls).toMatchObject({ maxParticipants: 4, ringSeconds: 10 });
    expect(() => load({ CALL_CREDENTIAL_TTL_SECONDS: '90000' })).toThrow(/CALL_CREDENTIAL_TTL_SECONDS/);
    expect(() => load({ CALL_MAX_PARTICIPANTS: '1' })).toThrow(/CALL_MAX_PARTICIPANTS/);
  });
});
