import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('POST /v1/conversations/{id}/members', () => {
  // Only the first two are in the chat.groupId.
  const chat = useChat({ users: ['ma', 'mb', 'mc', 'md'], group: { members: 2 } });
  const [owner, member, newcomer, other] = chat.users;

  it("lets the owner add members, tells the new member's live connections, and refuses plain members", async () => {
    const events: RealtimeEvent[] = [];
    await chat.deps.bus.subscribe(`user:${newcomer.id}`, (e) => events.push(e));
    const res = await as(owner).call(handler, 'POST', `/v1/conversations/${chat.groupId}/members`, { userIds: [newcomer.id, member.id] });
    expect(res.status).toBe(200);
    expect(res.json.added).toEqual([newcomer.id]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([
      {
        type: 'membership',
        conversationId: chat.groupId,
        userId: newcomer.id,
        action: 'added',
        lastSeq: 0,
        conversation: expect.objectContaining({ id: chat.groupId, members: expect.arrayContaining([expect.objectContaining({ userId: newcomer.id })]) }),
      },
    ]);
    expect((await as(member).call(handler, 'POST', `/v1/conversations/${chat.groupId}/members`, { userIds: [other.id] })).status).toBe(403);
  });
});
