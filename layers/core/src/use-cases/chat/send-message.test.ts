import { beforeAll, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH } from '../../domain/chat/message.js';
import { readyMedia } from '../../../../../test/support/media.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { deleteMessage, editMessage, setReaction } from './change-message.js';
import { createConversation } from './create-conversation.js';
import { sendMessage } from './send-message.js';

// The send/edit/delete rules called directly, on memory messages and PGlite conversations.
describe('chat use cases: sending and changing messages', () => {
  const d = useUseCaseDeps();
  let owner: string, admin: string, member: string, outsider: string, group: string, direct: string;
  let n = 0;
  const send = (sender: string, conversationId: string, input: object = {}) =>
    sendMessage(d.chat, sender, { conversationId, clientMsgId: `m${++n}`, text: `hello ${n}`, ...input });

  beforeAll(async () => {
    [owner, admin, member, outsider] = [await d.user('owner'), await d.user('admin'), await d.user('member'), await d.user('outsider')];
    group = (await createConversation(d.chat, owner, { type: 'group', title: 'Team', memberIds: [member] })).conversation.id;
    await d.chat.conversations.addMembers(group, [admin], 'admin', d.clock.now());
    direct = (await createConversation(d.chat, owner, { type: 'direct', userId: member })).conversation.id;
  });

  it('refuses a non-member with the same 404 as an unknown conversation, storing nothing', async () => {
    await expect(send(outsider, group)).rejects.toBeInstanceOf(NotFoundError);
    await expect(send(outsider, 'no-such-conversation')).rejects.toBeInstanceOf(NotFoundError);
    expect(await d.chat.messages.get(group, 1)).toBeUndefined();
  });

  it("numbers messages per conversation, moves the sender's read marker and publishes to the members", async () => {
    d.published.length = 0;
    const first = await send(member, direct, { text: 'first' });
    const second = await send(owner, direct, { text: 'second' });
    expect([first.message.seq, second.message.seq]).toEqual([1, 2]);
    expect((await d.chat.conversations.member(direct, owner))?.readSeq).toBe(2);
    expect(d.published.map((p) => p.event.type)).toEqual(['message.new', 'message.new']);
    expect(d.published[0]!.event).toMatchObject({ recipients: expect.arrayContaining([owner, member]) });
  });

  it('returns the stored message for a repeated clientMsgId of the same sender, without a second seq', async () => {
    const once = await sendMessage(d.chat, member, { conversationId: group, clientMsgId: 'retry-me', text: 'original' });
    const again = await sendMessage(d.chat, member, { conversationId: group, clientMsgId: 'retry-me', text: 'changed on retry' });
    expect(once.created).toBe(true);
    expect(again).toEqual({ message: once.message, created: false });
    // Another sender's identical clientMsgId is a different message.
    const other = await sendMessage(d.chat, owner, { conversationId: group, clientMsgId: 'retry-me', text: 'mine' });
    expect(other.created).toBe(true);
    expect(other.message.seq).toBe(once.message.seq + 1);
  });

  it('needs text or attachments, and limits text length and attachment count', async () => {
    const files = async (k: number) =>
      Promise.all(Array.from({ length: k }, async (_, i) => ({ mediaId: (await readyMedia(d.chat.media, member, group, 'application/pdf', `f${i}.pdf`)).id })));
    await expect(send(member, group, { text: '   ' })).rejects.toBeInstanceOf(ValidationError);
    await expect(send(member, group, { text: undefined })).rejects.toBeInstanceOf(ValidationError);
    await expect(send(member, group, { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })).rejects.toBeInstanceOf(ValidationError);
    await expect(send(member, group, { text: undefined, attachments: await files(MAX_ATTACHMENTS + 1) })).rejects.toBeInstanceOf(ValidationError);
    // The limits are inclusive, and counted in characters, not UTF-16 units.
    expect((await send(member, group, { text: '😀'.repeat(MAX_TEXT_LENGTH) })).created).toBe(true);
    const refs = await files(MAX_ATTACHMENTS);
    const attached = await send(member, group, { text: undefined, attachments: refs });
    expect(attached.message).toMatchObject({
      text: null,
      attachments: refs.map((r, i) => ({ mediaId: r.mediaId, kind: 'file', name: `f${i}.pdf`, contentType: 'application/pdf', size: 2048 })),
    });
  });

  it("attaches only the sender's own ready media of this conversation, each to one message", async () => {
    const mine = await readyMedia(d.chat.media, member, group);
    const theirs = await readyMedia(d.chat.media, owner, group);
    const elsewhere = await readyMedia(d.chat.media, member, direct);
    const unfinished = { ...(await readyMedia(d.chat.media, member, group)), id: 'never-completed' };
    await d.chat.media.create({ ...unfinished, state: 'pending', contentType: null, size: null });
    for (const [mediaId, issue] of [
      [theirs.id, /not a media you uploaded/],
      [elsewhere.id, /not a media you uploaded/],
      ['no-such-media', /not a media you uploaded/],
      ['never-completed', /is pending, not ready/],
    ] as const) {
      const error = await send(member, group, { attachments: [{ mediaId }] }).catch((e: unknown) => e);
      expect(error, mediaId).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details[0]).toMatchObject({ field: 'attachments.0.mediaId', issue: expect.stringMatching(issue) });
    }
    const first = await sendMessage(d.chat, member, { conversationId: group, clientMsgId: 'with-photo', attachments: [{ mediaId: mine.id }] });
    // A retry of the same send attaches alike; another message cannot take the same media.
    expect((await sendMessage(d.chat, member, { conversationId: group, clientMsgId: 'with-photo', attachments: [{ mediaId: mine.id }] })).created).toBe(false);
    await expect(send(member, group, { attachments: [{ mediaId: mine.id }] })).rejects.toThrow(ValidationError);
    await expect(send(member, group, { attachments: [{ mediaId: mine.id }, { mediaId: mine.id }] })).rejects.toThrow(ValidationError);
    // Deleting the message makes its media unreachable (and listed for the cleanup).
    await deleteMessage(d.chat, member, group, first.message.seq);
    expect((await d.chat.media.get(mine.id))!.deletedAt).not.toBeNull();
  });

  it('accepts a reply only to a seq that exists', async () => {
    const target = await send(owner, group);
    expect((await send(member, group, { replyToSeq: target.message.seq })).message.replyToSeq).toBe(target.message.seq);
    await expect(send(member, group, { replyToSeq: 9999 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lets only the author edit, keeping the previous text, and never a deleted message', async () => {
    const { message } = await send(member, group, { text: 'teh' });
    await expect(editMessage(d.chat, owner, group, message.seq, 'the')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editMessage(d.chat, outsider, group, message.seq, 'the')).rejects.toBeInstanceOf(NotFoundError);
    await expect(editMessage(d.chat, member, group, message.seq, '  ')).rejects.toBeInstanceOf(ValidationError);
    await expect(editMessage(d.chat, member, group, 99_999, 'the')).rejects.toBeInstanceOf(NotFoundError);
    expect(await editMessage(d.chat, member, group, message.seq, 'the')).toMatchObject({ text: 'the', editedAt: expect.any(String) });
    expect((await d.chat.messages.get(group, message.seq))?.edits.map((e) => e.text)).toEqual(['teh']);
    await deleteMessage(d.chat, member, group, message.seq);
    await expect(editMessage(d.chat, member, group, message.seq, 'again')).rejects.toBeInstanceOf(ValidationError);
  });

  it('lets the author and a group owner or admin delete, not another member; a repeat is a no-op', async () => {
    const byOwner = (await send(owner, group)).message.seq;
    await expect(deleteMessage(d.chat, member, group, byOwner)).rejects.toBeInstanceOf(ForbiddenError);
    for (const moderator of [owner, admin]) {
      const seq = (await send(member, group)).message.seq;
      expect(await deleteMessage(d.chat, moderator, group, seq)).toMatchObject({ seq, text: null, deletedAt: expect.any(String) });
    }
    d.published.length = 0;
    const seq = (await send(member, group)).message.seq;
    const deleted = await deleteMessage(d.chat, member, group, seq);
    expect(await deleteMessage(d.chat, member, group, seq)).toEqual(deleted);
    expect(d.published.map((p) => p.event.type)).toEqual(['message.new', 'message.updated']);
  });

  it('gives the owner of a direct conversation no moderator rights', async () => {
    const seq = (await send(member, direct)).message.seq;
    await expect(deleteMessage(d.chat, owner, direct, seq)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('adds and removes reactions per user, never on a deleted message', async () => {
    const seq = (await send(owner, group)).message.seq;
    await setReaction(d.chat, member, group, seq, '👍', true);
    expect((await setReaction(d.chat, member, group, seq, '👍', true)).reactions).toEqual({ '👍': [member] });
    expect((await setReaction(d.chat, member, group, seq, '👍', false)).reactions).toEqual({});
    await expect(setReaction(d.chat, outsider, group, seq, '👍', true)).rejects.toBeInstanceOf(NotFoundError);
    await deleteMessage(d.chat, owner, group, seq);
    await expect(setReaction(d.chat, member, group, seq, '👍', true)).rejects.toBeInstanceOf(ValidationError);
  });
});
