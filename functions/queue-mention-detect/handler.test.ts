import { describe, expect, it } from 'vitest';
import { mentionWorker } from '@chat/core/use-cases/mentions/detect-mentions';
import { unreadMentionsKey } from '@chat/core/use-cases/mentions/unread-counters';
import { as, openDirect } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, goOnline, rabbitEvent, sendRef } from '../../test/support/notify.js';
import { useChat } from '../../test/support/use-chat.js';
import type { TestUser } from '../../test/support/users.js';
import { handler as listConversations } from '../http-conversations-list/handler.js';
import { handler as listMentions } from '../http-mentions-list/handler.js';
import { handler as history } from '../http-messages-list/handler.js';
import { handler as read } from '../http-read-marker-put/handler.js';
import { handler } from './handler.js';

describe('queue-mention-detect', () => {
  const chat = useChat({ users: ['mo', 'mb', 'mc'], group: { title: 'Mentions' } });
  const [owner, bob, carol] = chat.users;

  const unreadMentionsOf = async (user: TestUser, conversationId: string) => {
    const res = await as(user).call(listConversations, 'GET', '/v1/conversations');
    return res.json.items.find((c: { id: string }) => c.id === conversationId)?.unreadMentions as number;
  };
  const mentionsOf = async (user: TestUser, unreadOnly = false) =>
    (await as(user).call(listMentions, 'GET', '/v1/mentions', undefined, { unreadOnly: String(unreadOnly) })).json.items;
  const mentionsField = async (conversationId: string, seq: number, reader = owner) =>
    (await as(reader).call(history, 'GET', `/v1/conversations/${conversationId}/messages`, undefined, { afterSeq: String(seq - 1), limit: '1' })).json.items[0]
      .mentions;

  it('stores mentions, sets the message field and counts them unread; a duplicate job changes nothing', async () => {
    expect(await unreadMentionsOf(bob, chat.groupId)).toBe(0);
    const ref = await sendRef(owner, chat.groupId, { text: `hi @${bob.username.toUpperCase()}, mail ${carol.username}@example.com, @${owner.username}` });
    const job = aJob('mention', ref);
    await mentionWorker(job, chat.deps);
    await mentionWorker(job, chat.deps);
    expect(await mentionsField(chat.groupId, ref.seq)).toEqual([bob.id]);
    expect(await unreadMentionsOf(bob, chat.groupId)).toBe(1);
    expect(await unreadMentionsOf(carol, chat.groupId)).toBe(0);
    expect(await mentionsOf(bob)).toEqual([
      { conversationId: chat.groupId, seq: ref.seq, messageId: ref.messageId, senderId: owner.id, createdAt: ref.createdAt, read: false },
    ]);
    // A retry recounts instead of counting again.
    await mentionWorker({ ...aJob('mention', ref, 1), id: job.id }, chat.deps);
    expect(await unreadMentionsOf(bob, chat.groupId)).toBe(1);
  });

  it('counts with the Redis-style counter and clears it when the read marker passes the message', async () => {
    const ref = await sendRef(carol, chat.groupId, { text: `@${bob.username} again` });
    await mentionWorker(aJob('mention', ref), chat.deps);
    expect(await chat.deps.kv.get(unreadMentionsKey(bob.id, chat.groupId))).toBe('2');
    await as(bob).call(read, 'PUT', `/v1/conversations/${chat.groupId}/read`, { seq: ref.seq - 1 });
    expect(await unreadMentionsOf(bob, chat.groupId)).toBe(1);
    await as(bob).call(read, 'PUT', `/v1/conversations/${chat.groupId}/read`, { seq: ref.seq });
    expect(await chat.deps.kv.get(unreadMentionsKey(bob.id, chat.groupId))).toBeUndefined();
    expect(await unreadMentionsOf(bob, chat.groupId)).toBe(0);
    expect(await mentionsOf(bob, true)).toEqual([]);
    expect((await mentionsOf(bob)).map((m: { seq: number; read: boolean }) => [m.seq, m.read])).toEqual([
      [ref.seq, true],
      [ref.seq - 1, true],
    ]);
  });

  it('lets only owners and admins use @all unless the group allows it, and limits @here to who is online', async () => {
    const byMember = await sendRef(bob, chat.groupId, { text: '@all lunch?' });
    await mentionWorker(aJob('mention', byMember), chat.deps);
    expect(await mentionsField(chat.groupId, byMember.seq)).toEqual([]);
    const byOwner = await sendRef(owner, chat.groupId, { text: '@all lunch!' });
    await mentionWorker(aJob('mention', byOwner), chat.deps);
    expect(await mentionsField(chat.groupId, byOwner.seq)).toEqual([bob.id, carol.id].sort());
    await goOnline(chat.deps, carol);
    const here = await sendRef(owner, chat.groupId, { text: '@here quick one' });
    await mentionWorker(aJob('mention', here), chat.deps);
    expect(await mentionsField(chat.groupId, here.seq)).toEqual([carol.id]);
  });

  it('resolves names against members only and ignores @all in direct conversations', async () => {
    const direct = await openDirect(bob, carol);
    const ref = await sendRef(bob, direct, { text: `@all @${owner.username} @${carol.username}` });
    await mentionWorker(aJob('mention', ref), chat.deps);
    expect(await mentionsField(direct, ref.seq, bob)).toEqual([carol.id]);
    expect((await mentionsOf(owner)).some((m: { conversationId: string }) => m.conversationId === direct)).toBe(false);
  });

  it('runs as the FC handler of a RabbitMQ-trigger CloudEvent, once per job id', async () => {
    const ref = await sendRef(owner, chat.groupId, { text: `@${carol.username} via the trigger` });
    const job = aJob('mention', ref);
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 1 });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ skipped: 1 });
    expect(await mentionsField(chat.groupId, ref.seq)).toEqual([carol.id]);
  });

  it('pages mentions newest first and rejects a forged cursor', async () => {
    const first = await as(carol).call(listMentions, 'GET', '/v1/mentions', undefined, { limit: '1' });
    expect(first.json.items).toHaveLength(1);
    const second = await as(carol).call(listMentions, 'GET', '/v1/mentions', undefined, { limit: '1', cursor: first.json.nextCursor });
    expect(second.json.items[0].seq).toBeLessThan(first.json.items[0].seq);
    expect((await as(carol).call(listMentions, 'GET', '/v1/mentions', undefined, { cursor: 'nope' })).status).toBe(400);
    expect((await as(carol).call(listMentions, 'GET', '/v1/mentions', undefined, { unreadOnly: 'maybe' })).status).toBe(400);
  });
});
