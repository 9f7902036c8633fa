import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openGroup } from '../../test/support/chat.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('PUT /v1/conversations/{id}/mute', () => {
  let deps: Deps;
  let owner: TestUser;
  let member: TestUser;
  let conv: string;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    [owner, member] = [await registerUser('mo'), await registerUser('mm')];
    conv = await openGroup(owner, [member]);
  });

  const mute = (user: TestUser, body: unknown, id = conv) => as(user).call(handler, 'PUT', `/v1/conversations/${id}/mute`, body);

  it('mutes and unmutes for the caller only', async () => {
    expect((await mute(member, { muted: true })).json).toEqual({ conversationId: conv, muted: true });
    expect((await deps.chat.conversations.member(conv, member.id))?.muted).toBe(true);
    expect((await deps.chat.conversations.member(conv, owner.id))?.muted).toBe(false);
    expect((await mute(member, { muted: false })).json).toEqual({ conversationId: conv, muted: false });
    expect((await deps.chat.conversations.member(conv, member.id))?.muted).toBe(false);
  });

  it('answers 404 to non-members and 400 to bad bodies', async () => {
    expect((await mute(await registerUser('mx'), { muted: true })).status).toBe(404);
    for (const body of [{}, { muted: 'yes' }, { muted: true, extra: 1 }]) expect((await mute(member, body)).status).toBe(400);
  });
});
