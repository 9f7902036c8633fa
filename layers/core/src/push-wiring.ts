import path from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config/env.js';
import type { PresenceStore } from './ports/presence-store.js';
import type { PushSender } from './ports/push-sender.js';
import { MemoryPresenceStore, type MemoryPresenceState } from './adapters/memory/presence-store.js';
import { RedisPresenceStore } from './adapters/redis/presence-store.js';
import { DisabledPushSender, FilePushSink } from './adapters/local-fs/push-sink.js';

/** One presence state per process, shared by the local cloud's gateway nodes and its workers. */
export const processPresence: MemoryPresenceState = new Map();

/** Who is connected, as the gateway nodes record it (same Redis keys and TTL, or this process's state). */
export function openPresence(config: Config): PresenceStore {
  if (!config.redis.url) return new MemoryPresenceStore({ ttlMs: config.presence.ttlMs, state: processPresence });
  // Lazy: only the push and sync workers ask, so the other functions never open this connection.
  const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'presence' });
  return new RedisPresenceStore(redis, { ttlMs: config.presence.ttlMs, prefix: 'chat:' });
}

/** FCM with FIREBASE_* set; otherwise the file sink locally, and push switched off in production. */
export function openPushSender(config: Config): PushSender {
  const fcm = config.push.fcm;
  if (!fcm) return config.production ? new DisabledPushSender() : new FilePushSink(path.join(config.dataDir, 'outbox', 'push'));
  // firebase-admin is loaded on the first send, so functions that never push never pay for it.
  let sender: Promise<PushSender> | undefined;
  const open = () => (sender ??= import('./adapters/fcm/push-sender.js').then((m) => m.FcmPushSender.create(fcm)));
  return {
    send: async (push, targets, context) => (await open()).send(push, targets, context),
    close: async () => {
      if (sender) await (await sender).close();
    },
  };
}
