import { describe, expect, it } from 'vitest';
import { as, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('DELETE /v1/conversations/{id}/messages/{seq}/reactions/{emoji}', () => {
  const chat = useChat({ users: ['ua', 'ub'], direct: true });
  const [a, b] = chat.users;

  it('is idempotent when there was no reaction', async () => {
    await send(a, chat.directId);
    const res = await as(b).call(handler, 'DELETE', `/v1/conversations/${chat.directId}/messages/1/reactions/%E2%9D%A4`);
    expect(res.status).toBe(200);
    expect(res.json.message.reactions).toEqual({});
  });
});
