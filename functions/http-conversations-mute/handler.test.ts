import { describe, expect, it } from 'vitest';
import { as } from '../../test/support/chat.js';
import { useChat } from '../../test/support/use-chat.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PUT /v1/conversations/{id}/mute', () => {
  const chat = useChat({ users: ['mo', 'mm'], group: true });
  const [owner, member] = chat.users;

  const mute = (user: TestUser, body: unknown, id = chat.groupId) => as(user).call(handler, 'PUT', `/v1/conversations/${id}/mute`, body);

  it('mutes and unmutes for the caller only', async () => {
    expect((await mute(member, { muted: true })).json).toEqual({ conversationId: chat.groupId, muted: true });
    expect((await chat.deps.chat.conversations.member(chat.groupId, member.id))?.muted).toBe(true);
    expect((await chat.deps.chat.conversations.member(chat.groupId, owner.id))?.muted).toBe(false);
    expect((await mute(member, { muted: false })).json).toEqual({ conversationId: chat.groupId, muted: false });
    expect((await chat.deps.chat.conversations.member(chat.groupId, member.id))?.muted).toBe(false);
  });

  it('answers 404 to non-members and 400 to bad bodies', async () => {
    expect((await mute(await registerUser('mx'), { muted: true })).status).toBe(404);
    for (const body of [{}, { muted: 'yes' }, { muted: true, extra: 1 }]) expect((await mute(member, body)).status).toBe(400);
  });
});
