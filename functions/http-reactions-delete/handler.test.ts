import { beforeAll, describe, expect, it } from 'vitest';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openDirect, send } from '../../test/support/chat.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('DELETE /v1/conversations/{id}/messages/{seq}/reactions/{emoji}', () => {
  beforeAll(async () => {
    await useEmbeddedDeps();
  });

  it('is idempotent when there was no reaction', async () => {
    const [a, b] = [await registerUser('ua'), await registerUser('ub')];
    const conv = await openDirect(a, b);
    await send(a, conv);
    const res = await as(b).call(handler, 'DELETE', `/v1/conversations/${conv}/messages/1/reactions/%E2%9D%A4`);
    expect(res.status).toBe(200);
    expect(res.json.message.reactions).toEqual({});
  });
});
