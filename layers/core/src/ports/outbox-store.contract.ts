import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../domain/chat/message.js';
import { jobsForMessage, type Job, type MessageRef, type OutboxJob } from '../domain/jobs/job.js';
import type { MessageStore, NewMessage } from './message-store.js';
import type { OutboxEntry, OutboxStore } from './outbox-store.js';

export interface OutboxHarness {
  store: MessageStore;
  /** The outbox of `store`. */
  outbox: OutboxStore;
  /** A second store on the same data (another process), when the adapter has one. */
  peer?: MessageStore | undefined;
}

const draft = (conversationId: string, fields: Partial<NewMessage> = {}): NewMessage => ({
  id: randomUUID(),
  conversationId,
  senderId: 'alice',
  clientMsgId: randomUUID(),
  text: 'hello',
  attachments: [],
  replyToSeq: null,
  createdAt: new Date(Date.UTC(2031, 0, 1)),
  ...fields,
});

/**
 * The OutboxStore contract, run inside the MessageStore contract because the outbox is written by
 * `append`. Every test relays what it created, and looks only at its own job ids, so suites may
 * share a database.
 */
export function describeOutboxContract(harness: () => OutboxHarness): void {
  describe('outbox (OutboxStore contract)', () => {
    const made: OutboxJob[] = [];
    // A new message's one event, then per-worker jobs as a call's timeline message stores them (and
    // as rows written before the fan-out hold them), so a message has several entries. Records
    // every job built, including those of attempts that must not be stored.
    const jobsFor = (m: Message) => {
      const ref: MessageRef = { conversationId: m.conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt.toISOString() };
      const at = new Date().toISOString();
      const own = (['sync', 'push', 'email', 'mention'] as const).map((type): Job => ({ id: randomUUID(), type, payload: ref, createdAt: at, attempt: 0 }));
      const jobs = [...jobsForMessage(ref, randomUUID, at), ...own];
      made.push(...jobs);
      return jobs;
    };
    // Pending ids among `ids`, in outbox order; `ids` sorts, where order does not matter.
    const pendingIds = async (wanted: readonly string[]) => {
      const set = new Set(wanted);
      return (await harness().outbox.pending(10_000)).map((e) => e.job.id).filter((id) => set.has(id));
    };
    const ids = (entries: readonly { job: OutboxJob }[]) => entries.map((e) => e.job.id).sort();

    it('holds the jobs of a new message, built for its seq, from the moment it exists', async () => {
      const { store, outbox } = harness();
      const conversationId = `conv-${randomUUID()}`;
      await store.append(draft(conversationId));
      const { message, created, outbox: entries } = await store.append(draft(conversationId), jobsFor);
      expect(created).toBe(true);
      expect(entries.map((e) => e.job.type)).toEqual(['message', 'sync', 'push', 'email', 'mention']);
      expect(entries[0]!.job.payload).toEqual({ conversationId, seq: 2, messageId: message.id, senderId: 'alice', createdAt: message.createdAt.toISOString() });
      expect(new Set(entries.map((e) => e.source)).size).toBe(1);
      expect((await pendingIds(ids(entries))).sort()).toEqual(ids(entries));
      const stored = (await outbox.pending(10_000)).filter((e) => e.job.id === entries[0]!.job.id);
      expect(stored).toEqual([entries[0]]);
      await outbox.markRelayed(entries);
    });

    it('stores no jobs for an idempotent repeat, however it races the original', async () => {
      const { store, peer, outbox } = harness();
      const input = draft(`conv-${randomUUID()}`);
      const before = made.length;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 && peer ? peer : store).append({ ...input, id: randomUUID() }, jobsFor)));
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.created).every((r) => r.outbox.length === 0)).toBe(true);
      const repeat = await store.append(input, jobsFor);
      expect(repeat).toMatchObject({ created: false, outbox: [] });
      // Of every job any attempt built, exactly the winner's are pending.
      expect((await pendingIds(made.slice(before).map((j) => j.id))).sort()).toEqual(ids(winners[0]!.outbox));
      await outbox.markRelayed(winners[0]!.outbox);
    });

    it('stores neither message nor jobs when building the jobs fails', async () => {
      const { store } = harness();
      const input = draft(`conv-${randomUUID()}`);
      await expect(
        store.append(input, () => {
          throw new Error('no jobs today');
        }),
      ).rejects.toThrow('no jobs today');
      expect(await store.get(input.conversationId, 1)).toBeUndefined();
      const { created, outbox: entries } = await store.append(input, jobsFor);
      expect(created).toBe(true);
      await harness().outbox.markRelayed(entries);
    });

    it('removes exactly the relayed jobs; marking twice is harmless', async () => {
      const { store, outbox } = harness();
      const { outbox: entries } = await store.append(draft(`conv-${randomUUID()}`), jobsFor);
      await outbox.markRelayed(entries.slice(0, 2));
      expect((await pendingIds(ids(entries))).sort()).toEqual(ids(entries.slice(2)));
      await outbox.markRelayed(entries);
      await outbox.markRelayed(entries);
      expect(await pendingIds(ids(entries))).toEqual([]);
    });

    it('removes exactly the relayed jobs when marks of several messages run at once, whole and in part', async () => {
      const { store, outbox } = harness();
      const conversationId = `conv-${randomUUID()}`;
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push((await store.append(draft(conversationId), jobsFor)).outbox);
      const [whole, part, twice, late, gone] = appended as [OutboxEntry[], OutboxEntry[], OutboxEntry[], OutboxEntry[], OutboxEntry[]];
      await outbox.markRelayed(gone);
      // Two marks of one message's jobs at once may each write back what the other removed (a
      // duplicate delivery, never a lost job), so only the same jobs are marked twice here.
      await Promise.all([
        outbox.markRelayed(whole),
        outbox.markRelayed(part.slice(1, 3)),
        outbox.markRelayed(twice),
        outbox.markRelayed(twice),
        outbox.markRelayed([...gone, ...late.slice(0, 1)]),
      ]);
      const all = appended.flat();
      expect((await pendingIds(ids(all))).sort()).toEqual(ids([...part.slice(0, 1), ...part.slice(3), ...late.slice(1)]));
      await outbox.markRelayed(all);
      expect(await pendingIds(ids(all))).toEqual([]);
    });

    it('keeps the jobs of a message that is edited before they are relayed', async () => {
      const { store, outbox } = harness();
      const conversationId = `conv-${randomUUID()}`;
      const { outbox: entries } = await store.append(draft(conversationId), jobsFor);
      await store.edit(conversationId, 1, 'edited', new Date(Date.UTC(2031, 0, 2)));
      await store.setReaction(conversationId, 1, '👍', 'bob', true, new Date(Date.UTC(2031, 0, 3)));
      expect((await pendingIds(ids(entries))).sort()).toEqual(ids(entries));
      await outbox.markRelayed(entries);
    });

    it('lists the jobs of older messages first, at most `limit`', async () => {
      const { store, outbox } = harness();
      const conversationId = `conv-${randomUUID()}`;
      const first = await store.append(draft(conversationId, { createdAt: new Date(Date.UTC(2031, 0, 1, 1)) }), jobsFor);
      const second = await store.append(draft(conversationId, { createdAt: new Date(Date.UTC(2031, 0, 1, 2)) }), jobsFor);
      const all: OutboxEntry[] = [...first.outbox, ...second.outbox];
      // Jobs of one message are equally old; between messages the older one's come first.
      const order = await pendingIds(ids(all));
      expect(order.slice(0, 5).sort()).toEqual(ids(first.outbox));
      expect(order.slice(5).sort()).toEqual(ids(second.outbox));
      expect(await outbox.pending(3)).toHaveLength(3);
      expect(await outbox.pending(0)).toEqual([]);
      await outbox.markRelayed(all);
    });
  });
}
