import { describe, expect, it } from 'vitest';
import { FcInvokeChatApi } from '@chat/core/adapters/fc/chat-api';
import { createChatApi, type ChatApiConfig } from './chat-api-factory.js';
import { loadGatewayConfig } from './config.js';

describe('createChatApi', () => {
  it('builds the FC InvokeFunction adapter from the environment', async () => {
    const config = loadGatewayConfig({
      JWKS_URL: 'https://chat.example.com/.well-known/jwks.json',
      CHAT_API: 'fc',
      CHAT_FUNCTION_NAME: 'chat-invoke-gateway-chat',
      FC_ENDPOINT: '123.cn-hangzhou.fc.aliyuncs.com',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
    });
    expect(await createChatApi(config.chatApi)).toBeInstanceOf(FcInvokeChatApi);
  });

  it('refuses fc without its settings and unknown modes', async () => {
    await expect(createChatApi({ mode: 'fc', fc: undefined })).rejects.toThrow(/CHAT_FUNCTION_NAME/);
    await expect(createChatApi({ mode: 'grpc' } as unknown as ChatApiConfig)).rejects.toThrow(/not a known mode/);
  });
});
