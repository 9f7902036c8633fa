import type { ConversationStore } from '../../ports/conversation-store.js';
import type { DeviceStore } from '../../ports/device-store.js';
import type { KeyValueStore } from '../../ports/key-value.js';
import type { MessageStore } from '../../ports/message-store.js';
import type { PresenceStore } from '../../ports/presence-store.js';
import type { PushSender } from '../../ports/push-sender.js';
import type { Clock } from '../../ports/system.js';
import type { UserStore } from '../../ports/user-store.js';

/** The slice of a structured logger the workers use (pino's Logger fits). */
export interface NotifyLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What the push and sync workers need; the wiring (layers/core/src/wiring/) builds it. */
export interface NotifyDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  users: UserStore;
  devices: DeviceStore;
  presence: PresenceStore;
  push: PushSender;
  kv: KeyValueStore;
  clock: Clock;
  log: NotifyLog;
  /** At most one silent sync push per user per this many seconds. */
  syncIntervalSeconds: number;
}
