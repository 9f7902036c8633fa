import type { ChatApi } from '@chat/core/ports/chat-api';

export interface ChatApiConfig {
  /** `inprocess` (the use cases in this process) or `fc` (FC InvokeFunction of `invoke-gateway-chat`). */
  mode: string;
  /** The environment, read only for the `fc` settings below. */
  env?: Record<string, string | undefined>;
}

/**
 * The seam where the gateway gets its ChatApi. Adapters are loaded on demand so a node talking to FC
 * never loads the database drivers.
 */
export async function createChatApi(config: ChatApiConfig): Promise<ChatApi> {
  switch (config.mode) {
    case 'inprocess': {
      const [{ inProcessChatApi }, { processWiring }] = await Promise.all([import('@chat/core/wiring/chat-api'), import('@chat/core/wiring/process')]);
      return inProcessChatApi(() => processWiring().use);
    }
    case 'fc': {
      const env = config.env ?? {};
      const problems: string[] = [];
      const need = (name: string) => env[name] || (problems.push(`${name}: required with CHAT_API=fc`), '');
      const options = {
        functionName: need('CHAT_FUNCTION_NAME'),
        endpoint: need('FC_ENDPOINT'),
        // On ECS these come from the instance's RAM role via the metadata service, exported by the unit file.
        credentials: {
          accessKeyId: need('ALIBABA_CLOUD_ACCESS_KEY_ID'),
          accessKeySecret: need('ALIBABA_CLOUD_ACCESS_KEY_SECRET'),
          securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN,
        },
        qualifier: env.CHAT_FUNCTION_QUALIFIER,
      };
      if (problems.length > 0) throw new Error(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      const { FcInvokeChatApi } = await import('@chat/core/adapters/fc/chat-api');
      return new FcInvokeChatApi(options);
    }
    default:
      throw new Error(`CHAT_API=${config.mode} is not a known mode; use inprocess or fc`);
  }
}
