import { describe, expect, it } from 'vitest';
import { FcInvokeChatApi } from '@chat/core/adapters/fc/chat-api';
import { createChatApi } from './chat-api-factory.js';

describe('createChatApi', () => {
  it('lists every missing FC setting at once', async () => {
    const error = await createChatApi({ mode: 'fc', env: { FC_ENDPOINT: '123.cn-hangzhou.fc.aliyuncs.com' } }).catch((e: Error) => e);
    expect(String(error)).toContain('CHAT_FUNCTION_NAME');
    expect(String(error)).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(String(error)).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(String(error)).not.toContain('FC_ENDPOINT:');
  });

  it('builds the FC InvokeFunction adapter from the environment', async () => {
    const api = await createChatApi({
      mode: 'fc',
      env: {
        CHAT_FUNCTION_NAME: 'chat-invoke-gateway-chat',
        FC_ENDPOINT: '123.cn-hangzhou.fc.aliyuncs.com',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      },
    });
    expect(api).toBeInstanceOf(FcInvokeChatApi);
  });

  it('refuses unknown modes', async () => {
    await expect(createChatApi({ mode: 'grpc' })).rejects.toThrow(/not a known mode/);
  });
});
