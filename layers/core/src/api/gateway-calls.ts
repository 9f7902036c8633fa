import { z } from 'zod';
import { SendMessageInput } from './chat-schemas.js';
import { CallSignalInput } from './call-schemas.js';
import { id, line } from './text.js';

const Caller = z.object({ userId: id(), accessToken: line().min(1) });
const conversationId = id();

/** The payload the gateway sends to `invoke-gateway-chat`: one ChatApi call. */
export const GatewayCall = z.discriminatedUnion('action', [
  z.object({ action: z.literal('sendMessage'), caller: Caller, input: SendMessageInput }),
  z.object({ action: z.literal('markRead'), caller: Caller, input: z.object({ conversationId, seq: z.number().int().min(0) }) }),
  z.object({
    action: z.literal('history'),
    caller: Caller,
    input: z.object({ conversationId, afterSeq: z.number().int().min(0), limit: z.number().int().min(1).max(200) }),
  }),
  z.object({ action: z.literal('memberships'), caller: Caller }),
  z.object({ action: z.literal('relaySignal'), caller: Caller, input: CallSignalInput }),
]);

export type GatewayCall = z.infer<typeof GatewayCall>;
