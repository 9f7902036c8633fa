import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../domain/cursor.js';
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../domain/errors.js';
import type { ConversationStore } from './conversation-store.js';

export interface ConversationStoreFixture {
  store: ConversationStore;
  /** Creates a user the store can reference and returns its id. */
  makeUser(): Promise<string>;
  close(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

/** The behaviour every ConversationStore adapter must show. */
export function describeConversationStoreContract(name: string, open: () => Promise<ConversationStoreFixture>): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let f: ConversationStoreFixture;
    let s: ConversationStore;
    beforeAll(async () => {
      f = await open();
      s = f.store;
    });
    afterAll(async () => f?.close());

    it('keeps one direct conversation per pair, whoever opens it and however often', async () => {
      const [a, b] = [await f.makeUser(), await f.makeUser()];
      const first = await s.createDirect({ id: randomUUID(), userA: a, userB: b, at: at(1) });
      expect(first.created).toBe(true);
      expect(first.conversation.members.map((m) => m.userId).sort()).toEqual([a, b].sort());
      const again = await s.createDirect({ id: randomUUID(), userA: b, userB: a, at: at(2) });
      expect(again).toMatchObject({ created: false, conversation: { id: first.conversation.id } });
      const raced = await Promise.all(Array.from({ length: 5 }, () => s.createDirect({ id: randomUUID(), userA: a, userB: b, at: at(3) })));
      expect(new Set(raced.map((r) => r.conversation.id))).toEqual(new Set([first.conversation.id]));
    });

    it('creates groups with an owner and members, and rejects unknown users', async () => {
      const [owner, m1, m2] = [await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const group = await s.createGroup({ id: randomUUID(), title: 'Team', ownerId: owner, memberIds: [m1, m2, m2], at: at(1) });
      expect(group).toMatchObject({ type: 'group', title: 'Team', createdBy: owner, lastSeq: 0 });
      expect(Object.fromEntries(group.members.map((m) => [m.userId, m.role]))).toEqual({ [owner]: 'owner', [m1]: 'member', [m2]: 'member' });
      await expect(s.createGroup({ id: randomUUID(), title: 'X', ownerId: owner, memberIds: ['no-such-user'], at: at(1) })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it("sets a current member's role, never the owner's nor a former member's", async () => {
      const [owner, m1, m2] = [await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const g = await s.createGroup({ id: randomUUID(), title: 'Roles', ownerId: owner, memberIds: [m1, m2], at: at(1) });
      expect(await s.setRole(g.id, m1, 'admin')).toBe(true);
      expect((await s.member(g.id, m1))?.role).toBe('admin');
      expect(await s.setRole(g.id, m1, 'member')).toBe(true);
      expect((await s.member(g.id, m1))?.role).toBe('member');
      expect(await s.setRole(g.id, owner, 'member')).toBe(false);
      expect((await s.member(g.id, owner))?.role).toBe('owner');
      await s.removeMember(g.id, m2, at(2));
      expect(await s.setRole(g.id, m2, 'admin')).toBe(false);
      expect(await s.member(g.id, m2)).toBeUndefined();
    });

    it('adds, removes and re-admits members, and reports them for sync', async () => {
      const [owner, m1, m2] = [await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const g = await s.createGroup({ id: randomUUID(), title: 'T', ownerId: owner, memberIds: [m1], at: at(1) });
      expect(await s.addMembers(g.id, [m1, m2], 'member', at(2))).toEqual([m2]);
      expect(await s.removeMember(g.id, m1, at(3))).toBe(true);
      expect(await s.removeMember(g.id, m1, at(4))).toBe(false);
      expect(await s.member(g.id, m1)).toBeUndefined();
      expect((await s.memberIds(g.id)).sort()).toEqual([owner, m2].sort());
      expect(await s.conversationIdsForUser(m1)).toEqual([]);
      const many = await s.conversationIdsForUsers([m1, m2, owner, m2]);
      expect(Object.fromEntries(many)).toEqual({ [m1]: [], [m2]: [g.id], [owner]: [g.id] });
      const changes = await s.changesSince(m1, at(2));
      expect(changes.memberships).toEqual([{ conversationId: g.id, userId: m1, action: 'removed', at: at(3) }]);
      expect(await s.addMembers(g.id, [m1], 'member', at(5))).toEqual([m1]);
      expect((await s.changesSince(m1, at(4))).memberships).toMatchObject([{ action: 'added' }]);
    });

    it('moves read markers only forwards and reports them to fellow members', async () => {
      const [a, b] = [await f.makeUser(), await f.makeUser()];
      const { conversation } = await s.createDirect({ id: randomUUID(), userA: a, userB: b, at: at(1) });
      expect(await s.advanceRead(conversation.id, a, 5, at(2))).toBe(5);
      expect(await s.advanceRead(conversation.id, a, 3, at(3))).toBe(5);
      expect((await s.member(conversation.id, a))?.readSeq).toBe(5);
      expect((await s.changesSince(b, at(1))).readMarkers).toEqual([{ conversationId: conversation.id, userId: a, seq: 5 }]);
      expect((await s.changesSince(b, at(2))).readMarkers).toEqual([]);
    });

    it('reads the current members of several conversations in one call, every id asked for a key', async () => {
      const [owner, m1, m2, other] = [await f.makeUser(), await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const g = await s.createGroup({ id: randomUUID(), title: 'Many', ownerId: owner, memberIds: [m1, m2], at: at(1) });
      const { conversation: direct } = await s.createDirect({ id: randomUUID(), userA: owner, userB: other, at: at(1) });
      await s.removeMember(g.id, m2, at(2));
      const unknown = randomUUID();
      const members = await s.memberIdsOf([g.id, direct.id, unknown, g.id]);
      expect([...members.keys()].sort()).toEqual([g.id, direct.id, unknown].sort());
      expect(members.get(g.id)!.sort()).toEqual([owner, m1].sort());
      expect(members.get(direct.id)!.sort()).toEqual([owner, other].sort());
      expect(members.get(unknown)).toEqual([]);
      expect(await s.memberIdsOf([])).toEqual(new Map());
    });

    it("records a batch of sends: each conversation's activity and each sender's read marker, only forwards", async () => {
      const [a, b, c, stranger] = [await f.makeUser(), await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const g1 = await s.createGroup({ id: randomUUID(), title: 'One', ownerId: a, memberIds: [b], at: at(1) });
      const g2 = await s.createGroup({ id: randomUUID(), title: 'Two', ownerId: a, memberIds: [c], at: at(1) });
      await s.recordSends([
        { conversationId: g1.id, senderId: a, seq: 3, at: at(5) },
        { conversationId: g1.id, senderId: b, seq: 2, at: at(4) },
        { conversationId: g1.id, senderId: a, seq: 4, at: at(6) },
        { conversationId: g2.id, senderId: c, seq: 1, at: at(7) },
        // Not a member (or gone since): their send moves the activity, but there is no marker to move.
        { conversationId: g2.id, senderId: stranger, seq: 2, at: at(8) },
        { conversationId: randomUUID(), senderId: a, seq: 1, at: at(9) },
      ]);
      const readSeqs = async (id: string) => Object.fromEntries((await s.get(id))!.members.map((m) => [m.userId, m.readSeq]));
      expect(await s.get(g1.id)).toMatchObject({ lastSeq: 4, lastActivityAt: at(6) });
      expect(await readSeqs(g1.id)).toEqual({ [a]: 4, [b]: 2 });
      expect(await s.get(g2.id)).toMatchObject({ lastSeq: 2, lastActivityAt: at(8) });
      expect(await readSeqs(g2.id)).toEqual({ [a]: 0, [c]: 1 });
      // Read markers moved at their message's time, as advanceRead reports them for sync.
      const reported = (await s.changesSince(b, at(4))).readMarkers;
      expect(reported).toEqual([{ conversationId: g1.id, userId: a, seq: 4 }]);
      expect((await s.changesSince(b, at(3))).readMarkers).toHaveLength(2);

      // Late or repeated reports never move anything back.
      await s.recordSends([
        { conversationId: g1.id, senderId: a, seq: 2, at: at(2) },
        { conversationId: g1.id, senderId: b, seq: 1, at: at(3) },
        { conversationId: g1.id, senderId: b, seq: 2, at: at(4) },
      ]);
      expect(await s.get(g1.id)).toMatchObject({ lastSeq: 4, lastActivityAt: at(6) });
      expect(await readSeqs(g1.id)).toEqual({ [a]: 4, [b]: 2 });
      expect((await s.changesSince(b, at(4))).readMarkers).toEqual(reported);
      await s.recordSends([]);
    });

    it("lists a user's conversations by most recent activity, paged by cursor", async () => {
      const me = await f.makeUser();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const other = await f.makeUser();
        ids.push((await s.createDirect({ id: randomUUID(), userA: me, userB: other, at: at(10 + i) })).conversation.id);
      }
      await s.recordActivity(ids[0]!, 7, at(30));
      await s.recordActivity(ids[0]!, 3, at(20));
      const first = await s.listForUser(me, { limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual([ids[0], ids[4]]);
      expect(first.items[0]).toMatchObject({ lastSeq: 7, lastActivityAt: at(30), readSeq: 0 });
      const second = await s.listForUser(me, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((c) => c.id)).toEqual([ids[3], ids[2]]);
      const third = await s.listForUser(me, { limit: 2, cursor: second.nextCursor! });
      expect(third).toEqual({ items: [expect.objectContaining({ id: ids[1] })], nextCursor: null });
      await expect(s.listForUser(me, { limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('mutes and unmutes for one current member only', async () => {
      const [owner, other, outsider] = [await f.makeUser(), await f.makeUser(), await f.makeUser()];
      const g = await s.createGroup({ id: randomUUID(), title: 'Quiet', ownerId: owner, memberIds: [other], at: at(1) });
      expect((await s.member(g.id, other))?.muted).toBe(false);
      expect(await s.setMuted(g.id, other, true)).toBe(true);
      expect((await s.member(g.id, other))?.muted).toBe(true);
      expect((await s.member(g.id, owner))?.muted).toBe(false);
      expect((await s.get(g.id))?.members.find((m) => m.userId === other)?.muted).toBe(true);
      expect((await s.listForUser(other, { limit: 5 })).items[0]?.muted).toBe(true);
      expect(await s.setMuted(g.id, other, false)).toBe(true);
      expect((await s.member(g.id, other))?.muted).toBe(false);
      expect(await s.setMuted(g.id, outsider, true)).toBe(false);
      await s.removeMember(g.id, other, at(2));
      expect(await s.setMuted(g.id, other, true)).toBe(false);
    });

    it('renames a conversation', async () => {
      const owner = await f.makeUser();
      const g = await s.createGroup({ id: randomUUID(), title: 'Old', ownerId: owner, memberIds: [], at: at(1) });
      await s.updateTitle(g.id, 'New', at(2));
      expect((await s.get(g.id))?.title).toBe('New');
      expect(await s.get(randomUUID())).toBeUndefined();
    });
  });
}
