import type { ChatApi } from '@chat/core/ports/chat-api';
import type { GatewayConfig } from './config.js';

export type ChatApiConfig = GatewayConfig['chatApi'];

/**
 * The seam where the gateway gets its ChatApi. Adapters are loaded on demand so a node talking to FC
 * never loads the database drivers.
 */
export async function createChatApi(config: ChatApiConfig): Promise<ChatApi> {
  switch (config.mode) {
    case 'inprocess': {
      const [{ inProcessChatApi }, { processWiring }] = await Promise.all([import('@chat/core/wiring/chat-api'), import('@chat/core/wiring/process')]);
      return inProcessChatApi(() => processWiring().use, { longLived: true });
    }
    case 'fc': {
      // The gateway slice refuses CHAT_API=fc without these, so this only guards hand-made configs.
      if (!config.fc) throw new Error('CHAT_API=fc needs CHAT_FUNCTION_NAME, FC_ENDPOINT and an AccessKey');
      const { functionName, endpoint, accessKeyId, accessKeySecret, securityToken, qualifier } = config.fc;
      const { FcInvokeChatApi } = await import('@chat/core/adapters/fc/chat-api');
      return new FcInvokeChatApi({ functionName, endpoint, credentials: { accessKeyId, accessKeySecret, securityToken }, qualifier });
    }
    default:
      throw new Error(`CHAT_API=${String(config.mode)} is not a known mode; use inprocess or fc`);
  }
}
