import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { openGroup, send } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';

describe('POST /v1/conversations/{id}/messages', () => {
  // The outsider is left out of the group.
  const chat = useChat({ users: ['so', 'sm', 'sx'], group: { members: 2 } });
  const [owner, member, outsider] = chat.users;

  it('stores the message with the next seq and fans it out to the members', async () => {
    const events: RealtimeEvent[] = [];
    await chat.deps.bus.subscribe(`conv:${chat.groupId}`, (e) => events.push(e));
    const res = await send(member, chat.groupId, { clientMsgId: 'first', text: 'hi all' });
    expect(res.status).toBe(201);
    expect(res.json.message).toMatchObject({
      conversationId: chat.groupId,
      seq: 1,
      senderId: member.id,
      clientMsgId: 'first',
      text: 'hi all',
      deletedAt: null,
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([{ type: 'message.new', message: res.json.message, recipients: expect.arrayContaining([owner.id, member.id]) }]);
    await chat.deps.bus.unsubscribe(`conv:${chat.groupId}`);
  });

  it('returns the original message for a repeated clientMsgId, with no time limit', async () => {
    const first = await send(owner, chat.groupId, { clientMsgId: 'retry-me', text: 'once' });
    await send(owner, chat.groupId, { text: 'something else' });
    const retry = await send(owner, chat.groupId, { clientMsgId: 'retry-me', text: 'once (again)' });
    expect(retry.status).toBe(200);
    expect(retry.json.message).toEqual(first.json.message);
  });

  it('numbers concurrent sends 1..n with no gap and no repeat', async () => {
    const conv = await openGroup(owner, [member]);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i % 2 ? owner : member, conv, { clientMsgId: `p${i}` })));
    expect(results.map((r) => r.json.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('accepts 4,000 characters and refuses 4,001 with a clear 400', async () => {
    expect((await send(owner, chat.groupId, { text: 'x'.repeat(4000) })).status).toBe(201);
    const tooLong = await send(owner, chat.groupId, { text: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.details).toContainEqual({ field: 'text', issue: 'at most 4000 characters' });
  });

  it('requires text or attachments, a valid reply target and a well-formed clientMsgId', async () => {
    expect((await send(owner, chat.groupId, { text: '   ' })).status).toBe(400);
    expect((await send(owner, chat.groupId, { replyToSeq: 999_999 })).json.error.details).toContainEqual({
      field: 'replyToSeq',
      issue: 'no message with this seq',
    });
    expect((await send(owner, chat.groupId, { replyToSeq: 1 })).json.message.replyToSeq).toBe(1);
    expect((await send(owner, chat.groupId, { clientMsgId: 'has space' })).status).toBe(400);
  });

  it('gives non-members 404 and stores nothing', async () => {
    const before = (await chat.deps.chat.messages.latest([chat.groupId])).get(chat.groupId)?.seq;
    const res = await send(outsider, chat.groupId);
    expect(res.status).toBe(404);
    expect((await chat.deps.chat.messages.latest([chat.groupId])).get(chat.groupId)?.seq).toBe(before);
  });
});
