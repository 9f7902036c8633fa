import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { newCall, type Call } from '../domain/calls/call.js';
import { applyCallInput } from '../domain/calls/state-machine.js';
import { ValidationError } from '../domain/errors.js';
import type { CallStore } from './call-store.js';
import type { ConversationStore } from './conversation-store.js';

export interface CallStoreFixture {
  store: CallStore;
  conversations: ConversationStore;
  makeUser(username: string): Promise<string>;
  close(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, s));

/** The behaviour every CallStore adapter must show. */
export function describeCallStoreContract(name: string, open: () => Promise<CallStoreFixture>): void {
  describe(`CallStore contract: ${name}`, () => {
    let f: CallStoreFixture;
    let s: CallStore;
    let alice: string;
    let bob: string;
    const conversation = async () => (await f.conversations.createGroup({ id: randomUUID(), title: 'calls', ownerId: alice, memberIds: [bob], at: at(0) })).id;
    const ringing = (conversationId: string, s0 = 0, createdBy = alice): Call =>
      newCall({ id: randomUUID(), conversationId, kind: 'audio', provider: 'local', providerCallId: randomUUID(), createdBy, at: at(s0) });

    beforeAll(async () => {
      f = await open();
      s = f.store;
      alice = await f.makeUser(`alice_${randomUUID().slice(0, 8)}`);
      bob = await f.makeUser(`bob_${randomUUID().slice(0, 8)}`);
    });
    afterAll(async () => f?.close());

    it('stores a call and reads it back by id, provider id and as the live call', async () => {
      const c = ringing(await conversation());
      expect(await s.create(c)).toEqual({ call: c, created: true });
      expect(await s.get(c.id)).toEqual(c);
      expect(await s.getByProviderId('local', c.providerCallId)).toEqual(c);
      expect(await s.getLive(c.conversationId)).toEqual(c);
      expect(await s.get(randomUUID())).toBeNull();
    });

    it('keeps one live call per conversation, even when two starts race', async () => {
      const conv = await conversation();
      const [a, b] = await Promise.all([s.create(ringing(conv)), s.create(ringing(conv))]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.call.id).toBe(b.call.id);
      const ended = applyCallInput(a.call, { type: 'end', at: at(5) }).call;
      expect(await s.update(ended, a.call.version)).toMatchObject({ state: 'ended', endReason: 'cancelled', version: a.call.version + 1 });
      expect(await s.getLive(conv)).toBeNull();
      expect((await s.create(ringing(conv, 10))).created).toBe(true);
    });

    it('lets exactly one of two racing writers win, and never reopens an ended call', async () => {
      const { call } = await s.create(ringing(await conversation()));
      const answered = applyCallInput(call, { type: 'joined', userId: bob, at: at(2) }).call;
      const declined = applyCallInput(call, { type: 'declined', userId: bob, at: at(2), last: true }).call;
      const results = await Promise.all([s.update(answered, call.version), s.update(declined, call.version)]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const stored = (await s.get(call.id)) as Call;
      expect(stored.version).toBe(call.version + 1);
      expect(await s.update(answered, stored.version - 1)).toBeNull();
      const over = stored.state === 'ended' ? stored : ((await s.update(applyCallInput(stored, { type: 'end', at: at(9) }).call, stored.version)) as Call);
      expect(await s.update({ ...over, state: 'active', endedAt: null, endReason: null }, over.version)).toBeNull();
      expect((await s.get(call.id))?.state).toBe('ended');
    });

    it('keeps participants and quality across writes', async () => {
      const { call } = await s.create(ringing(await conversation()));
      const next = applyCallInput(applyCallInput(call, { type: 'joined', userId: alice, at: at(1) }).call, { type: 'joined', userId: bob, at: at(3) }).call;
      const stored = (await s.update(next, call.version)) as Call;
      expect(stored).toEqual({ ...next, version: call.version + 1 });
      const withQuality = (await s.update({ ...stored, quality: { cq_score: 88, sfus_used: 1 } }, stored.version)) as Call;
      expect((await s.get(call.id))?.quality).toEqual({ cq_score: 88, sfus_used: 1 });
      expect(withQuality.participants.map((p) => p.userId).sort()).toEqual([alice, bob].sort());
    });

    it('lists history newest first with a cursor, and missed calls per callee', async () => {
      const conv = await conversation();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { call } = await s.create(ringing(conv, 100 + i));
        ids.push(call.id);
        await s.update(applyCallInput(call, { type: 'missed', at: at(150 + i) }).call, call.version);
      }
      const first = await s.history(conv, { limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
      const second = await s.history(conv, { limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      await expect(s.history(conv, { limit: 2, cursor: 'nope' })).rejects.toBeInstanceOf(ValidationError);
      const missed = (await s.missedFor(bob, { limit: 50 })).items.map((c) => c.id);
      expect(missed.slice(0, 3)).toEqual([ids[2], ids[1], ids[0]]);
      expect((await s.missedFor(alice, { limit: 50 })).items.map((c) => c.id)).not.toContain(ids[0]);
    });

    it('lists active calls started before a time, newest first, in pages', async () => {
      const active = async (s0: number) => {
        const { call } = await s.create(ringing(await conversation(), s0));
        return (await s.update(applyCallInput(call, { type: 'joined', userId: bob, at: at(s0 + 1) }).call, call.version)) as Call;
      };
      const [a, b, c] = [await active(1), await active(2), await active(3)];
      const fresh = await active(50);
      const stillRinging = (await s.create(ringing(await conversation(), 1))).call;
      const over = await active(1);
      await s.update(applyCallInput(over, { type: 'end', at: at(9) }).call, over.version);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.activeStartedBefore(at(40), { cursor, limit: 2 });
        expect(page.items.length).toBeLessThanOrEqual(2);
        all.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const ours = all.filter((id) => [a.id, b.id, c.id, fresh.id, stillRinging.id, over.id].includes(id));
      expect(ours).toEqual([c.id, b.id, a.id]);
      expect(new Set(all).size).toBe(all.length);
    });

    it('sweeps ringing calls older than the limit as missed, each once', async () => {
      const old = (await s.create(ringing(await conversation(), 0))).call;
      const fresh = (await s.create(ringing(await conversation(), 40))).call;
      const answered = (await s.create(ringing(await conversation(), 0))).call;
      await s.update(applyCallInput(answered, { type: 'joined', userId: bob, at: at(3) }).call, answered.version);
      const swept = await Promise.all([s.sweepRinging(at(30), at(45)), s.sweepRinging(at(30), at(45))]);
      const ids = swept.flat().map((c) => c.id);
      expect(ids.filter((id) => id === old.id)).toHaveLength(1);
      expect(ids).not.toContain(fresh.id);
      expect(ids).not.toContain(answered.id);
      expect(await s.get(old.id)).toMatchObject({ state: 'ended', endReason: 'missed', endedAt: at(45) });
      expect(await s.update(applyCallInput(old, { type: 'joined', userId: bob, at: at(46) }).call, old.version)).toBeNull();
    });
  });
}
