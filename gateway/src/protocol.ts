import { z } from 'zod';
import type { ErrorDetail } from '@chat/core/domain/errors';
import type { ConversationView, RealtimeEvent } from '@chat/core/domain/chat/events';
import type { MessageView } from '@chat/core/domain/chat/message';
import type { MediaView } from '@chat/core/domain/media/media-view';
import type { CallView } from '@chat/core/domain/calls/call';
import { SendMessageInput } from '@chat/core/api/chat-schemas';
import { CallSignalInput } from '@chat/core/api/call-schemas';
import { toDetails } from '@chat/core/runtime/json-body';
import { id as idOf, line } from '@chat/core/api/text';

/** The WebSocket subprotocol of protocol v1 (docs/design.md §5). */
export const SUBPROTOCOL = 'chat.v1';

/** 4000–4099: the client may reconnect (elsewhere); 4100–4199: it must not without user action. */
export const CloseCode = {
  draining: 4000,
  overloaded: 4001,
  idleTimeout: 4002,
  /** A dependency (JWKS, Redis, chat service) failed while opening the connection. */
  unavailable: 4003,
  authFailed: 4100,
  tokenExpired: 4101,
  protocolViolation: 4102,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const ref = line().min(1).max(64).optional();
const id = idOf();
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** At most this many conversations in one `resume`; a client with more sends several. */
export const MAX_RESUME_POSITIONS = 1_000;

/** At most this many users in one `presence.query`. */
export const MAX_PRESENCE_QUERY = 200;

/** Every client frame of v1; exported for the fuzz suite, which generates frames from it. */
export const clientFrame = z.discriminatedUnion('type', [
  // The same fields and rules as the REST body and the chat service's call (one schema).
  SendMessageInput.extend({ type: z.literal('message.send'), ref }),
  z.strictObject({ type: z.literal('typing'), ref, conversationId: id, state: z.enum(['start', 'stop']) }),
  z.strictObject({ type: z.literal('read'), ref, conversationId: id, seq }),
  z.strictObject({
    type: z.literal('resume'),
    ref,
    positions: z.record(id, seq).refine((p) => Object.keys(p).length <= MAX_RESUME_POSITIONS, `at most ${MAX_RESUME_POSITIONS} conversations`),
  }),
  z.strictObject({ type: z.literal('ping'), ref }),
  // Who of these is online now (a connecting client does not see the `online` events of the past).
  z.strictObject({ type: z.literal('presence.query'), ref, userIds: z.array(id).min(1).max(MAX_PRESENCE_QUERY) }),
  // WebRTC signalling of the `local` call provider, relayed to another participant of a live call.
  CallSignalInput.extend({ type: z.literal('call.signal'), ref }).strict(),
]);

export type ClientFrame = z.infer<typeof clientFrame>;
export type ClientFrameType = ClientFrame['type'];
const CLIENT_TYPES: ReadonlySet<string> = new Set<ClientFrameType>(['message.send', 'typing', 'read', 'resume', 'ping', 'presence.query', 'call.signal']);

export interface FrameError {
  code: string;
  message: string;
  details: ErrorDetail[];
  /** With `rate_limited` and `dependency_unavailable` when known: wait this long before retrying. */
  retryAfterSeconds?: number;
}

export type ServerFrame =
  | { type: 'ready'; userId: string; connectionId: string }
  | { type: 'ack'; ref?: string; message: MessageView }
  | { type: 'error'; ref?: string; error: FrameError }
  | { type: 'message.new'; message: MessageView }
  | { type: 'message.updated'; message: MessageView }
  | { type: 'typing'; conversationId: string; userId: string; state: 'start' | 'stop' }
  | { type: 'presence'; userId: string; status: 'online' | 'offline'; lastSeenAt: string }
  | { type: 'read'; conversationId: string; userId: string; seq: number }
  | { type: 'conversation.updated'; conversation: ConversationView }
  | { type: 'media.updated'; media: MediaView }
  | { type: 'call.ringing' | 'call.accepted' | 'call.ended' | 'call.updated'; call: CallView }
  | { type: 'call.declined'; call: CallView; userId: string }
  | { type: 'call.signal'; callId: string; fromUserId: string; data: unknown }
  | { type: 'resumed'; conversationId: string; fromSeq: number; toSeq: number }
  | { type: 'pong'; ref?: string };

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  /** Not JSON, not an object, or an unknown `type`: the client does not speak v1; close 4102. */
  | { ok: false; fatal: true; reason: string }
  /** A known frame with bad fields: answer with an `error` frame and keep the connection. */
  | { ok: false; fatal: false; ref: string | undefined; error: FrameError };

export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, fatal: true, reason: 'frame is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, fatal: true, reason: 'frame is not an object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !CLIENT_TYPES.has(type)) return { ok: false, fatal: true, reason: 'unknown frame type' };
  const parsed = clientFrame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const rawRef = (value as { ref?: unknown }).ref;
  // Detailed as REST details them, so one bad input reads the same on every transport.
  const details = toDetails(parsed.error);
  return {
    ok: false,
    fatal: false,
    ref: typeof rawRef === 'string' && rawRef.length <= 64 ? rawRef : undefined,
    error: { code: 'validation_failed', message: `Invalid ${type} frame`, details },
  };
}

/** What reaches clients as frames; membership changes and revocations only steer the node. */
export type DeliverableEvent = Exclude<RealtimeEvent, { type: 'membership' | 'session.revoked' }>;

/** The frame a client sees for a bus event: routing data such as `recipients` is never sent. */
export function eventFrame(event: DeliverableEvent): ServerFrame {
  switch (event.type) {
    case 'message.new':
    case 'message.updated':
      return { type: event.type, message: event.message };
    case 'read':
      return { type: 'read', conversationId: event.conversationId, userId: event.userId, seq: event.seq };
    case 'typing':
      return { type: 'typing', conversationId: event.conversationId, userId: event.userId, state: event.state };
    case 'presence':
      return { type: 'presence', userId: event.userId, status: event.status, lastSeenAt: event.lastSeenAt };
    case 'conversation.updated':
      return { type: 'conversation.updated', conversation: event.conversation };
    case 'media.updated':
      return { type: 'media.updated', media: event.media };
    case 'call.ringing':
    case 'call.accepted':
    case 'call.ended':
    case 'call.updated':
      return { type: event.type, call: event.call };
    case 'call.declined':
      return { type: 'call.declined', call: event.call, userId: event.userId };
    case 'call.signal':
      return { type: 'call.signal', callId: event.callId, fromUserId: event.fromUserId, data: event.data };
  }
}
