import { z } from 'zod';
import { invokeFunction } from '@chat/core/runtime/invoke-function';
import { GatewayCall } from '@chat/core/api/gateway-calls';
import { inProcessChatApi } from '@chat/core/wiring/chat-api';
import { processWiring } from '@chat/core/wiring/process';

const chat = inProcessChatApi(() => processWiring().use);

/** The gateway's calls into the chat use cases (FC InvokeFunction from the ECS nodes). */
export const handler = invokeFunction(GatewayCall, async (call: z.infer<typeof GatewayCall>) => {
  switch (call.action) {
    case 'sendMessage':
      return chat.sendMessage(call.caller, call.input);
    case 'markRead':
      return chat.markRead(call.caller, call.input);
    case 'history':
      return chat.history(call.caller, call.input);
    case 'memberships':
      return chat.memberships(call.caller);
    case 'relaySignal':
      return chat.relaySignal(call.caller, call.input);
  }
});
