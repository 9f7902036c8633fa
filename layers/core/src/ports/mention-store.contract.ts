import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../domain/cursor.js';
import { randomUUID } from 'node:crypto';
import type { ConversationStore } from './conversation-store.js';
import type { MentionStore } from './mention-store.js';

export interface MentionStoreFixture {
  store: MentionStore;
  /** The conversations the mentions refer to (memberships and read markers). */
  conversations: ConversationStore;
  /** Creates a user with this username and returns its id. */
  makeUser(username: string): Promise<string>;
  close(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, s));
const uniqueName = (base: string) => `${base}_${randomUUID().slice(0, 8)}`;

/** The behaviour every MentionStore adapter must show. */
export function describeMentionStoreContract(name: string, open: () => Promise<MentionStoreFixture>): void {
  describe(`MentionStore contract: ${name}`, () => {
    let f: MentionStoreFixture;
    let s: MentionStore;
    let names: { alice: string; bob: string; carol: string };
    let ids: { alice: string; bob: string; carol: string };
    let conv: string;
    const message = (seq: number, createdAt = at(seq)) => ({ conversationId: conv, seq, senderId: ids.alice, messageId: `m-${conv}-${seq}`, createdAt });

    beforeAll(async () => {
      f = await open();
      s = f.store;
      names = { alice: uniqueName('Alice'), bob: uniqueName('Bob'), carol: uniqueName('Carol') };
      ids = { alice: await f.makeUser(names.alice), bob: await f.makeUser(names.bob), carol: await f.makeUser(names.carol) };
      conv = randomUUID();
      await f.conversations.createGroup({ id: conv, title: 'T', ownerId: ids.alice, memberIds: [ids.bob, ids.carol], at: at(0) });
    });
    afterAll(async () => f?.close());

    it('records each (message, user) once and reports only the rows it inserted', async () => {
      expect(await s.record(message(1), [ids.bob, ids.carol, ids.bob])).toEqual([ids.bob, ids.carol].sort());
      expect(await s.record(message(1), [ids.bob, ids.carol])).toEqual([]);
      expect(await s.record(message(1), [])).toEqual([]);
      const parallel = await Promise.all([s.record(message(2), [ids.bob]), s.record(message(2), [ids.bob])]);
      expect(parallel.flat()).toEqual([ids.bob]);
    });

    it('finds current members by username, case-insensitively', async () => {
      const found = await s.membersByUsername(conv, [names.bob.toUpperCase(), names.carol.toLowerCase(), 'nobody_here']);
      expect(found).toEqual(
        new Map([
          [names.bob.toLowerCase(), ids.bob],
          [names.carol.toLowerCase(), ids.carol],
        ]),
      );
      const outsider = uniqueName('Dave');
      await f.makeUser(outsider);
      expect(await s.membersByUsername(conv, [outsider])).toEqual(new Map());
      expect(await s.membersByUsername(conv, [])).toEqual(new Map());
      expect((await s.membersByUsername(randomUUID(), [names.bob])).size).toBe(0);
    });

    it('counts mentions above the read marker, per conversation', async () => {
      await s.record(message(3), [ids.bob]);
      expect(await s.countUnread(ids.bob, [conv, randomUUID()])).toEqual(new Map([[conv, 3]]));
      await f.conversations.advanceRead(conv, ids.bob, 2, at(10));
      expect(await s.countUnread(ids.bob, [conv])).toEqual(new Map([[conv, 1]]));
      await f.conversations.advanceRead(conv, ids.bob, 3, at(11));
      expect(await s.countUnread(ids.bob, [conv])).toEqual(new Map());
      expect(await s.countUnread(ids.bob, [])).toEqual(new Map());
    });

    it('lists newest first with read flags, pages by cursor and filters unread', async () => {
      const c2 = randomUUID();
      await f.conversations.createGroup({ id: c2, title: 'T2', ownerId: ids.alice, memberIds: [ids.carol], at: at(0) });
      await s.record({ ...message(1, at(20)), conversationId: c2, messageId: 'x' }, [ids.carol]);
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await s.listForUser(ids.carol, { cursor, limit: 1, unreadOnly: false });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(all.map((m) => [m.conversationId, m.seq])).toEqual([
        [c2, 1],
        [conv, 1],
      ]);
      expect(all[0]).toEqual({ conversationId: c2, seq: 1, senderId: ids.alice, messageId: 'x', createdAt: at(20), read: false });
      await f.conversations.advanceRead(c2, ids.carol, 1, at(21));
      const unread = await s.listForUser(ids.carol, { limit: 10, unreadOnly: true });
      expect(unread.items.map((m) => [m.conversationId, m.seq, m.read])).toEqual([[conv, 1, false]]);
      expect((await s.listForUser(ids.carol, { limit: 10, unreadOnly: false })).items.map((m) => m.read)).toEqual([true, false]);
      await expect(s.listForUser(ids.carol, { cursor: 'forged', limit: 10, unreadOnly: false })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('hides mentions in conversations the user has left', async () => {
      await f.conversations.removeMember(conv, ids.carol, at(30));
      expect((await s.listForUser(ids.carol, { limit: 10, unreadOnly: false })).items.map((m) => m.conversationId)).not.toContain(conv);
      expect(await s.countUnread(ids.carol, [conv])).toEqual(new Map());
      expect(await s.membersByUsername(conv, [names.carol])).toEqual(new Map());
    });
  });
}
