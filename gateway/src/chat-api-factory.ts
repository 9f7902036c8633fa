import type { ChatApi } from '@chat/core/ports/chat-api';

export interface ChatApiConfig {
  /** `inprocess` (the use cases in this process) or `fc` (FC InvokeFunction of `invoke-gateway-chat`). */
  mode: string;
}

/**
 * The seam where the gateway gets its ChatApi. Adapters are loaded on demand so a node talking to FC
 * never loads the database drivers.
 */
export async function createChatApi(config: ChatApiConfig): Promise<ChatApi> {
  switch (config.mode) {
    case 'inprocess': {
      const [{ InProcessChatApi }, { getDeps }] = await Promise.all([import('@chat/core/adapters/in-process/chat-api'), import('@chat/core/composition')]);
      return new InProcessChatApi(getDeps);
    }
    case 'fc':
      throw new Error('CHAT_API=fc: the FC InvokeFunction ChatApi adapter is not wired into the gateway yet (see gateway/src/chat-api-factory.ts)');
    default:
      throw new Error(`CHAT_API=${config.mode} is not a known mode; use inprocess or fc`);
  }
}
