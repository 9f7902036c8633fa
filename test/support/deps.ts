import { loadConfig, type Config } from '@chat/core/config/env';
import { openTestPglite } from './pglite.js';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import type { AnalyticsStore } from '@chat/core/ports/analytics-store';
import type { JobLedger } from '@chat/core/ports/job-ledger';
import type { JobQueue } from '@chat/core/ports/job-queue';
import type { KeyValueStore } from '@chat/core/ports/key-value';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { SqlDatabase } from '@chat/core/ports/sql';
import type { AuthDeps } from '@chat/core/use-cases/auth/auth-deps';
import type { ChatDeps } from '@chat/core/use-cases/chat/chat-deps';
import type { EmailDeps } from '@chat/core/use-cases/email/email-deps';
import type { MentionDeps } from '@chat/core/use-cases/mentions/mention-deps';
import type { NotifyDeps } from '@chat/core/use-cases/notify/notify-deps';
import { auth } from '@chat/core/wiring/auth';
import { chat } from '@chat/core/wiring/chat';
import { email } from '@chat/core/wiring/email';
import { embeddedWiring, type EmbeddedOptions } from '@chat/core/wiring/embedded';
import { jobLedger, jobQueue } from '@chat/core/wiring/jobs';
import { keyValue } from '@chat/core/wiring/key-value';
import { mentions } from '@chat/core/wiring/mentions';
import { analytics, notify } from '@chat/core/wiring/notify';
import { provideWiring } from '@chat/core/wiring/process';
import { realtimeBus } from '@chat/core/wiring/realtime';
import { sqlDatabase } from '@chat/core/wiring/sql';
import type { Wiring } from '@chat/core/wiring/wiring';

export { processQueues } from '@chat/core/wiring/embedded';

/**
 * Every slice of a wiring, built at once: what tests reach into (`deps.chat.messages`, `deps.kv`).
 * Functions never see this bag; they resolve slices lazily from the same `wiring`.
 */
export interface Deps {
  config: Config;
  wiring: Wiring;
  sql: SqlDatabase;
  kv: KeyValueStore;
  auth: AuthDeps;
  chat: ChatDeps;
  bus: RealtimeBus;
  jobs: JobQueue;
  ledger: JobLedger;
  mentions: MentionDeps;
  email: EmailDeps;
  notify: NotifyDeps;
  analytics: AnalyticsStore;
  /** The user's unread @mentions per conversation (absent = 0), from the Redis counters. */
  unreadMentions: (userId: string, conversationIds: string[]) => Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function createDeps(config: Config, options: EmbeddedOptions = {}): Promise<Deps> {
  const wiring = await embeddedWiring(config, options);
  const { use } = wiring;
  const [sql, kv, a, c, bus, jobs, ledger, m, e, n, an] = await Promise.all([
    use(sqlDatabase),
    use(keyValue),
    use(auth),
    use(chat),
    use(realtimeBus),
    use(jobQueue),
    use(jobLedger),
    use(mentions),
    use(email),
    use(notify),
    use(analytics),
  ]);
  return {
    config,
    wiring,
    sql,
    kv,
    auth: a,
    chat: c,
    bus,
    jobs,
    ledger,
    mentions: m,
    email: e,
    notify: n,
    analytics: an,
    unreadMentions: (userId, ids) => m.counters.lookup(userId, ids),
    close: () => wiring.close(),
  };
}

/** Hands `deps`' wiring to every function handler in this process (test file). */
export function provideDeps(deps: Deps): void {
  provideWiring(deps.wiring);
}

/** Embedded dependencies (in-memory PGlite + memory KV) provided to every handler in this test file. */
export async function useEmbeddedDeps(env: Record<string, string> = {}): Promise<Deps> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, { devSigningKeys: [await generateSigningKey()] });
  const deps = await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: new MemoryKeyValueStore() });
  provideDeps(deps);
  return deps;
}
