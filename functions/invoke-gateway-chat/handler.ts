import { z } from 'zod';
import { getDeps } from '@chat/core/composition';
import { InProcessChatApi } from '@chat/core/adapters/in-process/chat-api';
import { invokeFunction } from '@chat/core/runtime/invoke-function';
import { GatewayCall } from '@chat/core/api/gateway-calls';

const chat = new InProcessChatApi(getDeps);

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
  }
});
