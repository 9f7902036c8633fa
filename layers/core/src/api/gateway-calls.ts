import { z } from 'zod';
import { SendMessageInput } from './chat-schemas.js';

const Caller = z.object({ userId: z.string().min(1), accessToken: z.string().min(1) });
const conversationId = z.string().min(1).max(128);

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
]);

export type GatewayCall = z.infer<typeof GatewayCall>;
