import { afterAll, beforeAll } from 'vitest';
import { MemoryQueueHub, MemoryJobQueue } from '@chat/core/adapters/memory/job-queue';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { MemoryMessageStore } from '@chat/core/adapters/memory/message-store';
import { MemoryPresenceStore } from '@chat/core/adapters/memory/presence-store';
import { cryptoIds } from '@chat/core/adapters/node-crypto/system';
import { SqlMediaStore } from '@chat/core/adapters/sql/media-store';
import { SqlConversationStore } from '@chat/core/adapters/sql/conversation-store';
import { SqlDeviceStore } from '@chat/core/adapters/sql/device-store';
import { SqlSessionStore } from '@chat/core/adapters/sql/session-store';
import { SqlUserStore } from '@chat/core/adapters/sql/user-store';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import type { OutboxJob } from '@chat/core/domain/jobs/job';
import type { AccessTokens } from '@chat/core/ports/access-tokens';
import type { PushNotification } from '@chat/core/domain/notify/push';
import type { PushSender, PushTarget } from '@chat/core/ports/push-sender';
import type { PasswordHasher } from '@chat/core/ports/password-hasher';
import type { SqlDatabase } from '@chat/core/ports/sql';
import type { AuthDeps } from '@chat/core/use-cases/auth/auth-deps';
import { register } from '@chat/core/use-cases/auth/register';
import type { ChatDeps } from '@chat/core/use-cases/chat/chat-deps';
import type { NotifyDeps } from '@chat/core/use-cases/notify/notify-deps';
import { openTestPglite } from './pglite.js';
import { LocalCallProvider } from '@chat/core/adapters/local-webrtc/call-provider';
import { SqlCallStore } from '@chat/core/adapters/sql/call-store';
import type { CallDeps } from '@chat/core/use-cases/calls/call-deps';

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-03-01T12:00:00Z')) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), ms: () => now };
}

/**
 * A password hasher that is not one: use cases only need hash/verify to agree, and scrypt costs
 * seconds per test. `dummies` counts `verifyDummy`, the equal-work path for unknown accounts.
 */
export function plainHasher(): PasswordHasher & { dummies: number } {
  const hasher = {
    dummies: 0,
    hash: async (p: string) => `plain:${p}`,
    verify: async (p: string, stored: string) => stored === `plain:${p}`,
    verifyDummy: async () => void hasher.dummies++,
  };
  return hasher;
}

/** A PushSender that records every send and reaches every device. */
function recordingPush(): PushSender & { sent: { jobId: string; push: PushNotification; targets: PushTarget[] }[] } {
  const sent: { jobId: string; push: PushNotification; targets: PushTarget[] }[] = [];
  return {
    sent,
    send: async (push, targets, { jobId }) => (sent.push({ jobId, push, targets: [...targets] }), targets.map(() => ({ status: 'sent' as const }))),
    close: async () => undefined,
  };
}

/** Unsigned "tokens" that carry the claims in the clear: the use cases never look inside. */
const plainTokens: AccessTokens = {
  issue: async ({ userId, sessionId }) => ({ token: `at.${userId}.${sessionId}`, expiresIn: 900 }),
  verify: async () => {
    throw new Error('not used by the use cases under test');
  },
  jwks: () => ({ keys: [] }),
};

export interface UseCaseDeps {
  sql: SqlDatabase;
  clock: ReturnType<typeof manualClock>;
  hasher: ReturnType<typeof plainHasher>;
  /** What `chat.publish` was handed, in order. */
  published: { channel: string; event: RealtimeEvent }[];
  warnings: { details: object; message: string }[];
  push: ReturnType<typeof recordingPush>;
  chat: ChatDeps;
  /** On the same stores, bus recorder and job queue as `chat`; every call on the `local` provider. */
  calls: CallDeps;
  /** Every job the call use cases published (relayed from the outbox or straight), in order. */
  queued: OutboxJob[];
  local: LocalCallProvider;
  auth: AuthDeps;
  notify: NotifyDeps;
  /** Registers a user through the register use case and returns their id. */
  user(username: string): Promise<string>;
}

/**
 * The deps of the chat, auth and notify use cases, built by hand: memory adapters where they exist
 * (messages, outbox, key-value, presence, jobs) and SQL stores on an in-memory PGlite where only SQL
 * exists (users, sessions, devices, conversations). No wiring, no functions, no HTTP.
 */
export function useUseCaseDeps(): UseCaseDeps {
  const deps = {} as UseCaseDeps;
  beforeAll(async () => {
    const sql = await openTestPglite();
    const clock = manualClock();
    const ids = cryptoIds;
    const kv = new MemoryKeyValueStore(() => clock.ms());
    const conversations = new SqlConversationStore(sql);
    const messages = new MemoryMessageStore({ conversations });
    const users = new SqlUserStore(sql);
    const devices = new SqlDeviceStore(sql);
    const published: UseCaseDeps['published'] = [];
    const warnings: UseCaseDeps['warnings'] = [];
    const log = { info: () => undefined, warn: (details: object, message: string) => void warnings.push({ details, message }) };
    const hasher = plainHasher();
    const push = recordingPush();
    const auth: AuthDeps = {
      users,
      sessions: new SqlSessionStore(sql),
      devices,
      hasher,
      tokens: plainTokens,
      kv,
      clock,
      ids,
      policy: { accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 3600, loginLimit: { perAccount: 3, perIp: 100, windowSeconds: 60 } },
      publish: async (channel, event) => void published.push({ channel, event }),
    };
    const chat: ChatDeps = {
      conversations,
      messages,
      media: new SqlMediaStore(sql),
      outbox: messages.outbox,
      jobs: new MemoryJobQueue(new MemoryQueueHub()),
      publish: async (channel, event) => void published.push({ channel, event }),
      clock,
      ids,
      log,
    };
    const queued: OutboxJob[] = [];
    const local = new LocalCallProvider();
    const calls: CallDeps = {
      store: new SqlCallStore(sql),
      providers: { forKind: () => local, get: () => local },
      conversations,
      messages,
      outbox: messages.outbox,
      jobs: { publish: async (jobs) => void queued.push(...jobs) } as CallDeps['jobs'],
      kv,
      publish: chat.publish,
      limits: { maxParticipants: 4, ringSeconds: 45, credentialTtlSeconds: 600 },
      clock,
      ids,
      log,
    };
    const presence = new MemoryPresenceStore({ ttlMs: 60_000, now: () => clock.ms() });
    const notify: NotifyDeps = { conversations, messages, users, devices, presence, push, kv, clock, log, syncIntervalSeconds: 30 };
    let n = 0;
    const user = async (username: string) =>
      (await register(auth, { username: `${username}_${++n}`, email: `${username}_${n}@example.com`, password: 'a long enough passphrase' })).user.id;
    Object.assign(deps, { sql, clock, hasher, published, warnings, push, chat, calls, queued, local, auth, notify, user });
  });
  afterAll(async () => deps.sql?.close());
  return deps;
}
