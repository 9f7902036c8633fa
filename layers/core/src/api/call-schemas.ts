import { z } from 'zod';
import { cursorParam, id as idOf } from './text.js';
import { CallTimelineView } from './chat-schemas.js';

const id = idOf();

export const StartCallBody = z.strictObject({
  conversationId: id,
  kind: z.enum(['audio', 'video']).describe('audio: direct conversations only; video: direct or group, up to CALL_MAX_PARTICIPANTS members'),
});

export const CallParams = z.object({ callId: id });

/** Bytes of `data` (as JSON) one `call.signal` may carry (use-cases/calls/signal.ts). */
export const MAX_SIGNAL_BYTES = 16 * 1024;

/** A `call.signal` frame's content, as the gateway and `invoke-gateway-chat` validate it. */
export const CallSignalInput = z.object({
  callId: id,
  toUserId: id,
  data: z
    .unknown()
    .refine((d) => d !== undefined, 'is required')
    .refine((d) => Buffer.byteLength(JSON.stringify(d) ?? '') <= MAX_SIGNAL_BYTES, `at most ${MAX_SIGNAL_BYTES} bytes as JSON`),
});
export type CallSignalInput = z.infer<typeof CallSignalInput>;

export const ListCallsQuery = z
  .object({
    conversationId: id.optional().describe("a conversation's calls, newest first (members only)"),
    missed: z.enum(['true']).optional().describe("`true`: the caller's missed calls in every conversation, newest first"),
    cursor: cursorParam,
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .refine((q) => (q.conversationId === undefined) !== (q.missed === undefined), 'give conversationId or missed=true (one of them)');

export const CallView = z.object({
  id: z.string(),
  conversationId: z.string(),
  kind: z.enum(['audio', 'video']),
  provider: z.enum(['getstream', 'artc', 'local']),
  createdBy: z.string(),
  state: z.enum(['ringing', 'active', 'ended']),
  participants: z.array(
    z.object({
      userId: z.string(),
      joinedAt: z.string().nullable(),
      leftAt: z.string().nullable(),
      inCall: z.boolean(),
      durationSeconds: z.number().int().min(0),
    }),
  ),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.enum(['completed', 'missed', 'declined', 'cancelled', 'failed']).nullable(),
  durationSeconds: z.number().int().min(0).describe('from the answer to the end; 0 while running or if nobody answered'),
});

/** What the provider's client SDK needs to join, and nothing else (ports/call-provider.ts). */
export const CallCredentialsView = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('getstream'),
    apiKey: z.string(),
    token: z.string().describe('a Stream user token for this call, short-lived'),
    userId: z.string(),
    callType: z.string(),
    callId: z.string(),
    expiresAt: z.string(),
  }),
  z.object({
    provider: z.literal('artc'),
    appId: z.string(),
    channelId: z.string(),
    userId: z.string(),
    timestamp: z.number().int().describe('expiry, Unix seconds'),
    nonce: z.string(),
    token: z.string(),
    joinToken: z.string().describe('the single-parameter base64 form the ARTC web SDK takes'),
  }),
  z.object({
    provider: z.literal('local'),
    callId: z.string(),
    iceServers: z.array(z.object({ urls: z.array(z.string()) })).describe('empty on one machine; signalling goes over the gateway as call.signal frames'),
  }),
]);

export const CallWithCredentials = z.object({ call: CallView, credentials: CallCredentialsView });
export const CallPageView = z.object({ items: z.array(CallView), nextCursor: z.string().nullable() });

export { CallTimelineView };
