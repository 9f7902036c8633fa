import type { UnsubscribeTokens } from '../../ports/unsubscribe-tokens.js';
import type { EmailPendingStore } from '../../ports/email-pending-store.js';
import type { Mailer } from '../../ports/mailer.js';
import type { UserStore } from '../../ports/user-store.js';
import type { ChatDeps } from '../chat/chat-deps.js';
import type { MentionDeps } from '../mentions/mention-deps.js';

/** What the e-mail use cases need besides the chat stores; the wiring (layers/core/src/wiring/) builds it. */
export interface EmailDeps {
  pending: EmailPendingStore;
  /** Built on first use, so functions that never send load no SMTP client. */
  mailer(): Promise<Mailer>;
  tokens: UnsubscribeTokens;
  /** How long a notification waits for the user to read the message first (EMAIL_DELAY_SECONDS). */
  delaySeconds: number;
  /** Where links in e-mails point (PUBLIC_BASE_URL), without a trailing slash. */
  publicBaseUrl: string;
}

export interface EmailWorkerDeps {
  chat: Pick<ChatDeps, 'conversations' | 'messages' | 'clock'>;
  mentions: Pick<MentionDeps, 'store' | 'online'>;
  email: EmailDeps;
}

export interface EmailFlushDeps {
  chat: Pick<ChatDeps, 'conversations' | 'messages' | 'clock'>;
  auth: { users: Pick<UserStore, 'findById'> };
  email: EmailDeps;
}
