import type { SendMessageInput } from '../api/chat-schemas.js';
import type { MessageView } from '../domain/chat/message.js';

/** The caller, as the gateway verified them from their access token. */
export interface Caller {
  userId: string;
  /** The access token, passed on so the chat side can verify it again (defence in depth). */
  accessToken: string;
}

export type { SendMessageInput } from '../api/chat-schemas.js';

/**
 * What the gateway asks of the chat service. Adapters: in-process (the local cloud calls the use
 * cases directly) and FC InvokeFunction (the cloud: the gateway runs on ECS, the use cases in FC).
 * Failures are AppErrors with the same codes as the HTTP API, so the gateway can turn them into
 * `error` frames.
 */
export interface ChatApi {
  sendMessage(caller: Caller, input: SendMessageInput): Promise<{ message: MessageView; created: boolean }>;
  markRead(caller: Caller, input: { conversationId: string; seq: number }): Promise<{ conversationId: string; seq: number }>;
  /** Messages with seq > afterSeq, ascending, at most `limit`. */
  history(caller: Caller, input: { conversationId: string; afterSeq: number; limit: number }): Promise<{ items: MessageView[]; hasMore: boolean }>;
  /** The caller's conversations with their newest seq: what a new connection subscribes to. */
  memberships(caller: Caller): Promise<{ conversationId: string; lastSeq: number }[]>;
  /**
   * Relays a `call.signal` to another participant of a live call (the chat side checks both are
   * participants and publishes it on the addressee's user channel); `not_found` for anyone else.
   */
  relaySignal(caller: Caller, input: { callId: string; toUserId: string; data: unknown }): Promise<{ relayed: true }>;
}
