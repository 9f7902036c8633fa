import path from 'node:path';
import { loadConfig, type Config } from './config/env.js';
import type { SqlDatabase } from './ports/sql.js';
import type { KeyValueStore } from './ports/key-value.js';
import type { AuthDeps } from './use-cases/auth/auth-deps.js';
import { PostgresSqlDatabase } from './adapters/postgres/sql.js';
import { PgliteSqlDatabase } from './adapters/pglite/sql.js';
import { RedisKeyValueStore } from './adapters/redis/key-value.js';
import { MemoryKeyValueStore } from './adapters/memory/key-value.js';
import { SqlUserStore } from './adapters/sql/user-store.js';
import { SqlSessionStore } from './adapters/sql/session-store.js';
import { CachedSessionStore } from './adapters/cache/session-store.js';
import { SqlDeviceStore } from './adapters/sql/device-store.js';
import { ScryptPasswordHasher } from './adapters/node-crypto/scrypt-password-hasher.js';
import { cryptoIds, systemClock } from './adapters/node-crypto/system.js';
import { JoseAccessTokens } from './adapters/jose/access-tokens.js';
import { migrate } from './adapters/sql/migrator.js';
import type { ChatDeps } from './use-cases/chat/chat-deps.js';
import type { MessageStore } from './ports/message-store.js';
import type { RealtimeBus } from './ports/realtime-bus.js';
import { SqlConversationStore } from './adapters/sql/conversation-store.js';
import { SqlMessageStore } from './adapters/sql/message-store.js';
import { MemoryRealtimeBus, processHub } from './adapters/memory/realtime-bus.js';
import { RedisRealtimeBus } from './adapters/redis/realtime-bus.js';
import { rootLogger } from './runtime/logger.js';
import type { JobQueue } from './ports/job-queue.js';
import type { JobLedger } from './ports/job-ledger.js';
import type { OutboxStore } from './ports/outbox-store.js';
import { MemoryJobQueue, MemoryQueueHub } from './adapters/memory/job-queue.js';
import { SqlJobLedger } from './adapters/sql/job-ledger.js';
import type { PresenceStore } from './ports/presence-store.js';
import type { PushSender } from './ports/push-sender.js';
import type { AnalyticsStore } from './ports/analytics-store.js';
import type { NotifyDeps } from './use-cases/notify/notify-deps.js';
import { openPresence, openPushSender } from './push-wiring.js';
import { SqlAnalyticsStore } from './adapters/sql/analytics-store.js';
import { wireNotifications } from './notifications-wiring.js';
import type { MentionDeps } from './use-cases/mentions/mention-deps.js';
import type { EmailDeps } from './use-cases/email/email-deps.js';

/** Everything a function or the gateway needs, wired from config. One per process (per FC instance). */
export interface Deps {
  config: Config;
  sql: SqlDatabase;
  kv: KeyValueStore;
  auth: AuthDeps;
  chat: ChatDeps;
  bus: RealtimeBus;
  /** Background jobs (also in `chat`) and the workers' ledger of jobs that ran (runtime/queue-function.ts). */
  jobs: JobQueue;
  ledger: JobLedger;
  /** The user's unread @mentions per conversation (absent = 0), from the Redis counters. */
  unreadMentions: (userId: string, conversationIds: string[]) => Promise<Map<string, number>>;
  /** The mention worker's and `GET /v1/mentions`' dependencies. */
  mentions: MentionDeps;
  /** The e-mail worker's, flush timer's and unsubscribe link's dependencies. */
  email: EmailDeps;
  /** The push and sync workers' dependencies. */
  notify: NotifyDeps;
  analytics: AnalyticsStore;
  close(): Promise<void>;
}

export interface CreateOptions {
  /** Apply pending migrations first (the local cloud and tests do; deployed functions don't). */
  migrate?: boolean;
  /** Use these instead of building from config (tests share one database across deps). */
  sql?: SqlDatabase;
  kv?: KeyValueStore;
  bus?: RealtimeBus;
  messages?: MessageStore;
  /** The outbox of `messages`; by default its `outbox` property (every adapter has one). */
  outbox?: OutboxStore;
  jobs?: JobQueue;
  presence?: PresenceStore;
  push?: PushSender;
}

export { processHub } from './adapters/memory/realtime-bus.js';

/** One in-memory job broker per process: the local cloud's functions and its queue consumers share it. */
export const processQueues = new MemoryQueueHub();

export { processPresence } from './push-wiring.js';

async function openJobQueue(config: Config): Promise<JobQueue> {
  const policy = { maxAttempts: config.jobs.maxAttempts, delaysMs: config.jobs.retryDelaysMs };
  const log = rootLogger();
  // Production config requires AMQP_URL, so only local runs and tests get the memory queue.
  if (!config.jobs.amqpUrl) return new MemoryJobQueue(processQueues, policy);
  // Loaded only when configured; connects on first use, so a broker outage never fails start-up.
  const { RabbitJobQueue } = await import('./adapters/rabbitmq/job-queue.js');
  return new RabbitJobQueue(config.jobs.amqpUrl, { prefix: config.jobs.queuePrefix, policy, onError: (err) => log.warn({ err }, 'RabbitMQ connection or channel error') });
}

function outboxOf(store: MessageStore): OutboxStore {
  const outbox = (store as Partial<{ outbox: OutboxStore }>).outbox;
  if (!outbox) throw new Error('This message store has no outbox: pass CreateOptions.outbox');
  return outbox;
}

async function openMessageStore(config: Config, sql: SqlDatabase): Promise<{ store: MessageStore; close(): Promise<void> }> {
  if (!config.mongodb.url) return { store: new SqlMessageStore(sql), close: async () => undefined };
  // Loaded only when configured, so functions without MongoDB never pay for the driver.
  const { MongoMessageStore } = await import('./adapters/mongo/message-store.js');
  const store = await MongoMessageStore.connect(config.mongodb.url);
  return { store, close: () => store.close() };
}

export async function createDeps(config: Config, options: CreateOptions = {}): Promise<Deps> {
  rootLogger().level = config.logLevel;
  const sql = options.sql ?? (config.database.url ? new PostgresSqlDatabase(config.database.url) : await PgliteSqlDatabase.open(path.join(config.dataDir, 'pglite')));
  if (options.migrate) await migrate(sql);
  const kv = options.kv ?? (config.redis.url ? RedisKeyValueStore.connect(config.redis.url, 'chat:') : new MemoryKeyValueStore());
  const auth: AuthDeps = {
    users: new SqlUserStore(sql),
    sessions: new CachedSessionStore(new SqlSessionStore(sql), kv, config.auth.refreshTokenTtlSeconds * 1000),
    devices: new SqlDeviceStore(sql),
    hasher: new ScryptPasswordHasher(),
    tokens: await JoseAccessTokens.create(config.auth.signingKeys, { issuer: config.auth.issuer, ttlSeconds: config.auth.accessTokenTtlSeconds }),
    kv,
    clock: systemClock,
    ids: cryptoIds,
    policy: { accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds, refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds, loginLimit: config.auth.loginLimit },
  };
  const bus = options.bus ?? (config.redis.url ? RedisRealtimeBus.connect(config.redis.url, { name: 'chat-publisher' }) : new MemoryRealtimeBus(processHub));
  const messages = options.messages ? { store: options.messages, close: async () => undefined } : await openMessageStore(config, sql);
  const log = rootLogger();
  const jobs = options.jobs ?? (await openJobQueue(config));
  const chat: ChatDeps = {
    conversations: new SqlConversationStore(sql),
    messages: messages.store,
    jobs,
    outbox: options.outbox ?? outboxOf(messages.store),
    log,
    publish: async (channel, event) => {
      await bus.publish(channel, event).catch((err: unknown) => log.warn({ err, channel, type: event.type }, 'publish failed; clients will catch up by resume or sync'));
    },
    clock: systemClock,
    ids: cryptoIds,
  };
  const presence = options.presence ?? openPresence(config);
  const notifications = wireNotifications(config, sql, kv, presence);
  chat.onRead = notifications.onRead;
  const push = options.push ?? openPushSender(config);
  const notify: NotifyDeps = {
    conversations: chat.conversations,
    messages: chat.messages,
    users: auth.users,
    devices: auth.devices,
    presence,
    push,
    kv,
    clock: systemClock,
    log,
    syncIntervalSeconds: config.push.syncIntervalSeconds,
  };
  return {
    config,
    sql,
    kv,
    auth,
    chat,
    bus,
    jobs,
    ledger: new SqlJobLedger(sql),
    unreadMentions: notifications.unreadMentions,
    mentions: notifications.mentions,
    email: notifications.email,
    notify,
    analytics: new SqlAnalyticsStore(sql),
    async close() {
      await Promise.allSettled([bus.close(), jobs.close(), messages.close(), sql.close(), kv.close(), presence.close(), push.close(), notifications.close()]);
    },
  };
}

let current: Promise<Deps> | undefined;

/**
 * The process-wide dependencies, built on first use and reused by every warm invocation. A failed
 * build is forgotten so the next invocation retries (a database that was briefly down).
 */
export function getDeps(): Promise<Deps> {
  current ??= createDeps(loadConfig(process.env)).catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

/** The local cloud and tests build Deps themselves and hand them to every function in the process. */
export function provideDeps(deps: Deps | Promise<Deps>): void {
  current = Promise.resolve(deps);
}
