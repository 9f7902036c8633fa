import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createDeps, provideDeps, type Deps } from '../../test/support/deps.js';
import { loadConfig } from '@chat/core/config/env';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { RedisPresenceStore } from '@chat/core/adapters/redis/presence-store';
import { requireServiceUrl } from '../../test/harness-env.js';
import { openDirect } from '../../test/support/chat.js';
import { aJob, addDevice, recordingPush, sendRef } from '../../test/support/notify.js';
import { registerUser } from '../../test/support/users.js';
import { pushWorker } from '../queue-push-deliver/handler.js';
import { syncWorker } from './handler.js';

// The push and sync workers as deployed: PostgreSQL, Redis presence and key-value store, wired by
// composition.ts from the environment; a gateway node's presence store (same Redis, same prefix) says who is connected.
describe('push and sync workers on PostgreSQL and Redis', () => {
  let deps: Deps;
  let gatewayPresence: RedisPresenceStore;
  const push = recordingPush();
  beforeAll(async () => {
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: requireServiceUrl('DATABASE_URL'), REDIS_URL: requireServiceUrl('REDIS_URL') };
    const config = loadConfig(env, { devSigningKeys: [await generateSigningKey()] });
    deps = await createDeps(config, { migrate: true, push });
    provideDeps(deps);
    gatewayPresence = RedisPresenceStore.connect(env.REDIS_URL, { ttlMs: 60_000, prefix: 'chat:' });
  });
  afterAll(async () => {
    await gatewayPresence?.close();
    await deps?.close();
  });

  it('pushes only while the recipient has no gateway connection', async () => {
    const [alice, bob] = [await registerUser('ria'), await registerUser('rib')];
    const conv = await openDirect(alice, bob);
    const phone = await addDevice(deps, bob, 'android');
    const connection = { userId: bob.id, connectionId: randomUUID() };

    await gatewayPresence.connect(connection, [conv]);
    await pushWorker(aJob('push', await sendRef(alice, conv)), deps);
    expect(push.tokens()).toEqual([]);

    await gatewayPresence.disconnect(connection);
    await pushWorker(aJob('push', await sendRef(alice, conv)), deps);
    expect(push.tokens()).toEqual([phone]);
  });

  it('coalesces sync pushes per user in Redis across jobs', async () => {
    const [alice, bob] = [await registerUser('rsa'), await registerUser('rsb')];
    const conv = await openDirect(alice, bob);
    const phone = await addDevice(deps, bob, 'ios');
    const before = push.sent.length;
    const refs = [await sendRef(alice, conv), await sendRef(alice, conv)];
    await syncWorker(aJob('sync', refs[0]!), deps);
    await syncWorker(aJob('sync', refs[1]!), deps);
    expect(push.sent.slice(before).flatMap((s) => s.targets.map((t) => t.token))).toEqual([phone]);
    expect(await deps.kv.get(`sync-push:${bob.id}`)).toBeDefined();
  });
});
