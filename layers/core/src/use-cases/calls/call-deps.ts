import type { CallKind, CallProviderName } from '../../domain/calls/call.js';
import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { CallProvider } from '../../ports/call-provider.js';
import type { CallStore } from '../../ports/call-store.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { KeyValueStore } from '../../ports/key-value.js';
import type { MessageStore } from '../../ports/message-store.js';
import type { OutboxStore } from '../../ports/outbox-store.js';
import type { Clock, IdGenerator } from '../../ports/system.js';

/** The adapters a deployment has: one per kind for new calls, and by name for existing ones. */
export interface CallProviders {
  /** The provider new calls of this kind use (audio → getstream, video → artc, else local). */
  forKind(kind: CallKind): CallProvider;
  /** The adapter of an existing call; throws for a provider this deployment is not configured for. */
  get(name: CallProviderName): CallProvider;
}

export interface CallLimits {
  /** CALL_MAX_PARTICIPANTS: the most members a conversation may have to hold a call. */
  maxParticipants: number;
  /** CALL_RING_SECONDS: an unanswered call ends as missed after this long (timer-calls-ring-sweep). */
  ringSeconds: number;
  /** How long the provider credentials a join hands out stay valid. */
  credentialTtlSeconds: number;
}

/** What the call use cases need; built by `layers/core/src/wiring/calls.ts`. */
export interface CallDeps {
  store: CallStore;
  providers: CallProviders;
  conversations: ConversationStore;
  /** The timeline message of an ended call goes through the same store and outbox as every message. */
  messages: MessageStore;
  outbox: OutboxStore;
  jobs: JobQueue;
  /** Redis when deployed: the live calls' participants (live-state.ts). */
  kv: KeyValueStore;
  /** Fans an event out to gateway nodes; never throws (see ChatDeps.publish). */
  publish(channel: string, event: RealtimeEvent): Promise<void>;
  limits: CallLimits;
  clock: Clock;
  ids: IdGenerator;
  log: { warn(details: object, message: string): void; info?(details: object, message: string): void };
}
