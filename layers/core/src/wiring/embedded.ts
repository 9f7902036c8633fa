import { hkdfSync } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/env.js';
import { FileEmailSink } from '../adapters/local-fs/email-sink.js';
import { LocalFsMediaStorage } from '../adapters/local-fs/media-storage.js';
import { FilePushSink } from '../adapters/local-fs/push-sink.js';
import { MemoryJobQueue, MemoryQueueHub } from '../adapters/memory/job-queue.js';
import { MemoryKeyValueStore } from '../adapters/memory/key-value.js';
import { MemoryPresenceStore, type MemoryPresenceState } from '../adapters/memory/presence-store.js';
import { MemoryRealtimeBus, processHub } from '../adapters/memory/realtime-bus.js';
import { PgliteSqlDatabase } from '../adapters/pglite/sql.js';
import { migrate } from '../adapters/sql/migrator.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { KeyValueStore } from '../ports/key-value.js';
import type { Mailer } from '../ports/mailer.js';
import type { MediaStorage } from '../ports/media-storage.js';
import type { MessageStore } from '../ports/message-store.js';
import type { OutboxStore } from '../ports/outbox-store.js';
import type { PresenceStore } from '../ports/presence-store.js';
import type { PushSender } from '../ports/push-sender.js';
import type { RealtimeBus } from '../ports/realtime-bus.js';
import type { SqlDatabase } from '../ports/sql.js';
import { LocalCallProvider } from '../adapters/local-webrtc/call-provider.js';
import { localCallProvider } from './calls.js';
import { mailer, unsubscribeKey } from './email.js';
import { jobQueue } from './jobs.js';
import { keyValue } from './key-value.js';
import { mediaStorage } from './media.js';
import { messageStorage } from './messages.js';
import { pushSender } from './push.js';
import { presenceStore, realtimeBus } from './realtime.js';
import { sqlDatabase } from './sql.js';
import { Wiring, type Feature } from './wiring.js';

/**
 * The local composition: the embedded stand-ins of `npm start` and the test harness for every
 * service whose URL is unset (PGlite, in-memory cache, bus, presence and queue, file sinks for push
 * and e-mail). Only the local cloud, scripts and tests import this module, so no deployed bundle
 * carries PGlite or the sinks.
 */
export { processHub } from '../adapters/memory/realtime-bus.js';

/** One in-memory job broker per process: the local cloud's functions and its queue consumers share it. */
export const processQueues = new MemoryQueueHub();

/** One embedded call provider per process: the local cloud's functions share its rooms. */
export const processCallProvider = new LocalCallProvider();

/** One presence state per process, shared by the local cloud's gateway nodes and its workers. */
export const processPresence: MemoryPresenceState = new Map();

export interface EmbeddedOptions {
  /** Apply pending migrations first (the local cloud and tests do; deployed functions don't). */
  migrate?: boolean;
  /** Use these instead of building from config (tests share one database across wirings). */
  sql?: SqlDatabase;
  kv?: KeyValueStore;
  bus?: RealtimeBus;
  messages?: MessageStore;
  /** The outbox of `messages`; by default its `outbox` property (every adapter has one). */
  outbox?: OutboxStore;
  jobs?: JobQueue;
  presence?: PresenceStore;
  push?: PushSender;
  mailer?: Mailer;
  mediaStorage?: MediaStorage;
}

/** Where `npm start` keeps media, served at `PUBLIC_BASE_URL/media-files/` with signed URLs. */
export function localMediaStorage(config: Config): LocalFsMediaStorage {
  const secret = Buffer.from(hkdfSync('sha256', unsubscribeKey(config), 'fc-chat', 'local-media-urls', 32)).toString('base64url');
  return new LocalFsMediaStorage({ dir: path.join(config.dataDir, 'media'), baseUrl: `${config.email.publicBaseUrl}/media-files`, secret });
}

export async function embeddedWiring(config: Config, options: EmbeddedOptions = {}): Promise<Wiring> {
  const wiring = new Wiring(config);
  // What the caller hands over is closed with the wiring, as what is built here is.
  const given = <T>(f: Feature<T>, value: T | undefined, fallback: (() => T | Promise<T>) | undefined) => {
    if (value !== undefined) wiring.provide(f, value, true);
    else if (fallback) wiring.provide(f, fallback(), true);
  };
  given(sqlDatabase, options.sql, config.database.url ? undefined : () => PgliteSqlDatabase.open(path.join(config.dataDir, 'pglite')));
  given(keyValue, options.kv, config.redis.url ? undefined : () => new MemoryKeyValueStore());
  given(realtimeBus, options.bus, config.redis.url ? undefined : () => new MemoryRealtimeBus(processHub));
  given(
    presenceStore,
    options.presence,
    config.redis.url ? undefined : () => new MemoryPresenceStore({ ttlMs: config.presence.ttlMs, state: processPresence }),
  );
  const policy = { maxAttempts: config.jobs.maxAttempts, delaysMs: config.jobs.retryDelaysMs };
  given(jobQueue, options.jobs, config.jobs.amqpUrl ? undefined : () => new MemoryJobQueue(processQueues, policy));
  given(pushSender, options.push, config.push.fcm ? undefined : () => new FilePushSink(path.join(config.dataDir, 'outbox', 'push')));
  given(mediaStorage, options.mediaStorage, config.media.oss ? undefined : () => localMediaStorage(config));
  given(mailer, options.mailer, config.email.smtpUrl ? undefined : () => new FileEmailSink(path.join(config.dataDir, 'outbox', 'email'), config.email.from));
  // Every kind whose cloud provider is unset runs on it (wiring/calls.ts); one per process.
  wiring.provide(localCallProvider, processCallProvider);
  if (options.messages) {
    const store = options.messages;
    const outbox = options.outbox ?? (store as Partial<{ outbox: OutboxStore }>).outbox;
    if (!outbox) throw new Error('This message store has no outbox: pass EmbeddedOptions.outbox');
    // A given message store belongs to the caller (tests share one across wirings).
    wiring.provide(messageStorage, { store, outbox, close: async () => undefined });
  }
  if (options.migrate) await migrate(await wiring.use(sqlDatabase));
  return wiring;
}
