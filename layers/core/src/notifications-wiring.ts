import { hkdfSync } from 'node:crypto';
import path from 'node:path';
import type { Config } from './config/env.js';
import type { KeyValueStore } from './ports/key-value.js';
import type { Mailer } from './ports/mailer.js';
import type { PresenceStore } from './ports/presence-store.js';
import type { SqlDatabase } from './ports/sql.js';
import { HmacUnsubscribeTokens } from './adapters/node-crypto/unsubscribe-tokens.js';
import { SqlEmailPendingStore } from './adapters/sql/email-pending-store.js';
import { SqlMentionStore } from './adapters/sql/mention-store.js';
import type { EmailDeps } from './use-cases/email/email-deps.js';
import type { MentionDeps } from './use-cases/mentions/mention-deps.js';
import { UnreadMentionCounters } from './use-cases/mentions/unread-counters.js';

/**
 * The unsubscribe-link key: UNSUBSCRIBE_SECRET, or else derived (HKDF) from the oldest JWT signing
 * key, so no extra secret is needed; removing that key from JWT_SIGNING_KEYS then voids old links.
 */
export function unsubscribeKey(config: Config): Uint8Array {
  if (config.email.unsubscribeSecret) return Buffer.from(config.email.unsubscribeSecret, 'utf8');
  const oldest = config.auth.signingKeys[0];
  const material = typeof oldest?.privateJwk.d === 'string' ? oldest.privateJwk.d : undefined;
  if (!material) throw new Error('UNSUBSCRIBE_SECRET is not set and there is no private signing key to derive it from');
  return new Uint8Array(hkdfSync('sha256', Buffer.from(material, 'base64url'), 'fc-chat', 'email-unsubscribe', 32));
}

/** SMTP when SMTP_URL is set, else the `.eml` file sink; nodemailer is loaded on first use. */
function lazyMailer(config: Config): { get(): Promise<Mailer>; close(): Promise<void> } {
  let mailer: Promise<Mailer> | undefined;
  const { smtpUrl, from } = config.email;
  return {
    get: () =>
      (mailer ??= smtpUrl
        ? import('./adapters/smtp/mailer.js').then((m) => new m.SmtpMailer(smtpUrl, from))
        : import('./adapters/local-fs/email-sink.js').then((m) => new m.FileEmailSink(path.join(config.dataDir, 'outbox', 'email'), from))),
    close: async () => {
      if (mailer) await (await mailer).close();
    },
  };
}

export interface NotificationWiring {
  mentions: MentionDeps;
  email: EmailDeps;
  /** For `GET /v1/conversations`: a user's unread mentions per conversation. */
  unreadMentions(userId: string, conversationIds: string[]): Promise<Map<string, number>>;
  /** For `markRead`: recount the user's unread mentions once their read marker moved. */
  onRead(conversationId: string, userId: string, readSeq: number): Promise<void>;
  close(): Promise<void>;
}

/** Wires the mention and e-mail use cases (their stores, counters, mailer and link signing). */
export function wireNotifications(config: Config, sql: SqlDatabase, kv: KeyValueStore, presence: Pick<PresenceStore, 'isOnline'>): NotificationWiring {
  const store = new SqlMentionStore(sql);
  const counters = new UnreadMentionCounters(kv, store);
  const mailer = lazyMailer(config);
  const online = async (userIds: string[]) => {
    const flags = await Promise.all(userIds.map((id) => presence.isOnline(id)));
    return new Set(userIds.filter((_, i) => flags[i]));
  };
  return {
    mentions: { store, counters, online },
    email: {
      pending: new SqlEmailPendingStore(sql),
      mailer: mailer.get,
      tokens: new HmacUnsubscribeTokens(unsubscribeKey(config)),
      delaySeconds: config.email.delaySeconds,
      publicBaseUrl: config.email.publicBaseUrl,
    },
    unreadMentions: (userId, conversationIds) => counters.lookup(userId, conversationIds),
    onRead: async (conversationId, userId) => {
      await counters.recount(userId, conversationId);
    },
    close: mailer.close,
  };
}
