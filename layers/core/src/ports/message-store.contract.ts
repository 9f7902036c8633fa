import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Message } from '../domain/chat/message.js';
import type { MessageStore, NewMessage } from './message-store.js';
import type { OutboxStore } from './outbox-store.js';
import { describeOutboxContract } from './outbox-store.contract.js';
import { describeSendContract, type SendHarness } from './message-store-send.contract.js';

export type MessageStoreHarness = {
  store: MessageStore;
  /** The outbox `store.append` writes jobs to. */
  outbox: OutboxStore;
  conversations: SendHarness['conversations'];
  close(): Promise<void>;
} & (
  | { /** A second store on the same data through its own connection or client, standing in for another process. */ peer: MessageStore }
  | { peer?: undefined; /** Why the adapter has no independent second instance (the skip reason). */ whyNoPeer: string }
);

// Conversation ids are fresh per test, so adapters may share one database across tests and runs.
const newConversation = () => `conv-${randomUUID()}`;
const at = (minute: number) => new Date(Date.UTC(2031, 0, 1, 0, minute));
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const seqs = (messages: readonly Message[]) => messages.map((m) => m.seq);

function draft(conversationId: string, fields: Partial<NewMessage> = {}): NewMessage {
  return {
    id: randomUUID(),
    conversationId,
    senderId: 'alice',
    clientMsgId: randomUUID(),
    text: 'hello',
    attachments: [],
    replyToSeq: null,
    createdAt: at(0),
    ...fields,
  };
}

/** Runs `count` tasks, at most `concurrency` at a time, and returns their results in task order. */
async function pooled<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

async function readAll(store: MessageStore, conversationId: string): Promise<Message[]> {
  const all: Message[] = [];
  for (let more = true; more; ) {
    const page = await store.range(conversationId, { afterSeq: all.at(-1)?.seq ?? 0, limit: 100 });
    all.push(...page.items);
    more = page.hasMore;
  }
  return all;
}

/** The behaviour every MessageStore adapter must show. Called from each adapter's test file. */
export function describeMessageStoreContract(name: string, open: () => Promise<MessageStoreHarness>): void {
  describe(`MessageStore contract: ${name}`, () => {
    let harness: MessageStoreHarness;
    let store: MessageStore;
    const append = async (conversationId: string, fields: Partial<NewMessage> = {}) => (await store.append(draft(conversationId, fields))).message;
    const appendMany = async (conversationId: string, count: number) => {
      for (let i = 0; i < count; i++) await append(conversationId, { createdAt: at(i) });
    };

    // Opening can mean booting an embedded database or connecting to a server.
    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    }, 60_000);
    afterAll(async () => harness?.close(), 60_000);

    describe('append', () => {
      it('stores the whole message and numbers a conversation from 1', async () => {
        const c = newConversation();
        const input = draft(c, {
          senderId: 'bob',
          text: 'see attached',
          attachments: [
            { mediaId: 'media-1', kind: 'image', name: 'cat.png' },
            { mediaId: 'media-2', kind: 'file' },
          ],
          createdAt: new Date('2031-02-03T04:05:06.789Z'),
        });
        const { message, created } = await store.append(input);
        expect(created).toBe(true);
        const { createdAt, ...rest } = input;
        expect(message).toEqual({ ...rest, seq: 1, mentions: [], reactions: {}, createdAt, editedAt: null, deletedAt: null, edits: [] });
        expect(await store.get(c, 1)).toEqual(message);

        const reply = await append(c, { text: null, attachments: [{ mediaId: 'media-3', kind: 'audio' }], replyToSeq: 1 });
        expect(reply).toMatchObject({ seq: 2, text: null, replyToSeq: 1, attachments: [{ mediaId: 'media-3', kind: 'audio' }] });
      });

      it("keeps a call's timeline content (no text), and none on messages people write", async () => {
        const c = newConversation();
        const call = {
          kind: 'call' as const,
          callId: 'call-1',
          callKind: 'audio' as const,
          endReason: 'completed' as const,
          durationSeconds: 61,
          participants: [{ userId: 'alice', durationSeconds: 61 }],
        };
        const { message } = await store.append(draft(c, { text: null, clientMsgId: 'call:call-1', call }));
        expect(message.call).toEqual(call);
        expect((await store.get(c, 1))?.call).toEqual(call);
        expect((await store.range(c, { limit: 10 })).items[0]?.call).toEqual(call);
        const plain = await append(c, { text: 'hi' });
        expect(plain.call ?? null).toBeNull();

        // Later facts replace the record; the same record again is no change for sync.
        const final = { ...call, durationSeconds: 75, participants: [{ userId: 'alice', durationSeconds: 75 }] };
        expect((await store.setCall(c, 1, final, at(10)))?.call).toEqual(final);
        expect((await store.get(c, 1))?.call).toEqual(final);
        expect(await store.changedSince([c], at(9), 10)).toHaveLength(1);
        expect((await store.setCall(c, 1, final, at(20)))?.call).toEqual(final);
        expect(await store.changedSince([c], at(10), 10)).toEqual([]);
        expect((await store.setCall(c, 2, final, at(21)))?.call ?? null).toBeNull();
        expect(await store.setCall(c, 3, final, at(22))).toBeUndefined();
      });

      it('numbers sequential appends 1..n and keeps conversations apart', async () => {
        const [a, b] = [newConversation(), newConversation()];
        const mine = [];
        for (let i = 0; i < 5; i++) {
          mine.push(await append(a, { text: `a${i}` }));
          if (i < 2) await append(b, { text: `b${i}` });
        }
        expect(seqs(mine)).toEqual([1, 2, 3, 4, 5]);
        expect((await readAll(store, a)).map((m) => m.text)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
        expect((await readAll(store, b)).map((m) => [m.seq, m.text])).toEqual([
          [1, 'b0'],
          [2, 'b1'],
        ]);
        expect(await store.get(b, 3)).toBeUndefined();
      });

      it('gives 200 concurrent appends (concurrency 20) exactly seq 1..200', async () => {
        const c = newConversation();
        const results = await pooled(200, 20, (i) => store.append(draft(c, { clientMsgId: `m${i}` })));
        expect(results.every((r) => r.created)).toBe(true);
        expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(oneTo(200));
        const stored = await readAll(store, c);
        expect(seqs(stored)).toEqual(oneTo(200));
        for (const { message } of results) expect(stored[message.seq - 1]!.clientMsgId).toBe(message.clientMsgId);
      });

      it('gives 200 concurrent appends through two independent instances exactly seq 1..200', async (ctx) => {
        if (!harness.peer) return ctx.skip(harness.whyNoPeer);
        const stores = [store, harness.peer];
        const c = newConversation();
        const results = await pooled(200, 20, (i) => stores[i % 2]!.append(draft(c, { clientMsgId: `m${i}` })));
        expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(oneTo(200));
        expect(seqs(await readAll(harness.peer, c))).toEqual(oneTo(200));
      });

      it('returns the stored message unchanged for a repeated (conversation, sender, clientMsgId)', async () => {
        const c = newConversation();
        const first = await store.append(draft(c, { clientMsgId: 'k1', text: 'original' }));
        const again = await store.append(draft(c, { clientMsgId: 'k1', text: 'a retry with other content', createdAt: at(9) }));
        expect(again).toEqual({ message: first.message, created: false, outbox: [] });
        expect((await append(c)).seq).toBe(2);
      });

      it('keeps idempotency much later, after other traffic and changes', async () => {
        const c = newConversation();
        const first = (await store.append(draft(c, { clientMsgId: 'early' }))).message;
        await appendMany(c, 40);
        await store.setReaction(c, first.seq, '👍', 'bob', true, at(50));
        const again = await store.append(draft(c, { clientMsgId: 'early', text: 'late retry' }));
        expect(again.created).toBe(false);
        expect(again.message).toEqual({ ...first, reactions: { '👍': ['bob'] } });
        expect(seqs(await readAll(store, c))).toEqual(oneTo(41));
      });

      it('creates one message for 10 parallel appends with the same key and wastes no seq', async () => {
        const c = newConversation();
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(draft(c, { clientMsgId: 'same', text: `try ${i}` }))));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const original = results.find((r) => r.created)!.message;
        for (const r of results) expect(r.message).toEqual(original);
        expect(original.seq).toBe(1);
        expect((await append(c)).seq).toBe(2);
      });

      it('creates one message for parallel appends with the same key through two instances', async (ctx) => {
        if (!harness.peer) return ctx.skip(harness.whyNoPeer);
        const stores = [store, harness.peer];
        const c = newConversation();
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.append(draft(c, { clientMsgId: 'same' }))));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => `${r.message.id}/${r.message.seq}`)).size).toBe(1);
        expect((await harness.peer.append(draft(c))).message.seq).toBe(2);
      });

      it('treats the same clientMsgId from another sender or in another conversation as a new message', async () => {
        const [a, b] = [newConversation(), newConversation()];
        const alice = await store.append(draft(a, { senderId: 'alice', clientMsgId: 'shared' }));
        const bob = await store.append(draft(a, { senderId: 'bob', clientMsgId: 'shared' }));
        const elsewhere = await store.append(draft(b, { senderId: 'alice', clientMsgId: 'shared' }));
        expect([alice.created, bob.created, elsewhere.created]).toEqual([true, true, true]);
        expect([alice.message.seq, bob.message.seq, elsewhere.message.seq]).toEqual([1, 2, 1]);
        expect(new Set([alice.message.id, bob.message.id, elsewhere.message.id]).size).toBe(3);
      });
    });

    describe('get and range', () => {
      it('returns undefined for unknown messages and conversations', async () => {
        const c = newConversation();
        await append(c);
        expect(await store.get(c, 2)).toBeUndefined();
        expect(await store.get(c, 0)).toBeUndefined();
        expect(await store.get(newConversation(), 1)).toBeUndefined();
      });

      it('pages backwards from the newest and forwards from a seq, with hasMore in the direction of travel', async () => {
        const c = newConversation();
        await appendMany(c, 25);
        const page = async (query: Parameters<MessageStore['range']>[1]) => {
          const { items, hasMore } = await store.range(c, query);
          return { seqs: seqs(items), hasMore };
        };
        const span = (from: number, to: number) => oneTo(to - from + 1).map((i) => i + from - 1);

        expect(await page({ limit: 10 })).toEqual({ seqs: span(16, 25), hasMore: true });
        expect(await page({ beforeSeq: 16, limit: 10 })).toEqual({ seqs: span(6, 15), hasMore: true });
        expect(await page({ beforeSeq: 6, limit: 10 })).toEqual({ seqs: span(1, 5), hasMore: false });
        expect(await page({ beforeSeq: 11, limit: 10 })).toEqual({ seqs: span(1, 10), hasMore: false });
        expect(await page({ limit: 25 })).toEqual({ seqs: span(1, 25), hasMore: false });

        expect(await page({ afterSeq: 0, limit: 10 })).toEqual({ seqs: span(1, 10), hasMore: true });
        expect(await page({ afterSeq: 15, limit: 10 })).toEqual({ seqs: span(16, 25), hasMore: false });
        expect(await page({ afterSeq: 20, limit: 10 })).toEqual({ seqs: span(21, 25), hasMore: false });
        expect(await page({ afterSeq: 25, limit: 10 })).toEqual({ seqs: [], hasMore: false });

        expect(await page({ afterSeq: 5, beforeSeq: 12, limit: 3 })).toEqual({ seqs: [6, 7, 8], hasMore: true });
        expect(await page({ afterSeq: 5, beforeSeq: 12, limit: 6 })).toEqual({ seqs: span(6, 11), hasMore: false });
        expect(await store.range(newConversation(), { limit: 10 })).toEqual({ items: [], hasMore: false });
      });

      it('returns the newest message of each conversation that has one', async () => {
        const [a, b, empty] = [newConversation(), newConversation(), newConversation()];
        await appendMany(a, 3);
        const onlyB = await append(b);
        const latest = await store.latest([a, b, empty]);
        expect([...latest.keys()].sort()).toEqual([a, b].sort());
        expect(latest.get(a)).toEqual(await store.get(a, 3));
        expect(latest.get(b)).toEqual(onlyB);
        expect((await store.latest([])).size).toBe(0);
      });

      it('hands out copies: changing a returned message changes nothing stored', async () => {
        const c = newConversation();
        const message = await append(c, { attachments: [{ mediaId: 'm', kind: 'file' }] });
        message.text = 'tampered';
        message.attachments.push({ mediaId: 'x', kind: 'image' });
        message.reactions['👍'] = ['mallory'];
        expect(await store.get(c, 1)).toMatchObject({ text: 'hello', attachments: [{ mediaId: 'm', kind: 'file' }], reactions: {} });
      });
    });

    describe('changes', () => {
      it('edits the text, keeping the history, the id and the seq', async () => {
        const c = newConversation();
        const original = await append(c, { text: 'first' });
        const edited = await store.edit(c, 1, 'second', at(1));
        expect(edited).toEqual({ ...original, text: 'second', editedAt: at(1), edits: [{ text: 'first', editedAt: at(1) }] });
        const again = await store.edit(c, 1, 'third', at(2));
        expect(again).toMatchObject({
          id: original.id,
          seq: 1,
          text: 'third',
          editedAt: at(2),
          edits: [
            { text: 'first', editedAt: at(1) },
            { text: 'second', editedAt: at(2) },
          ],
        });
        expect(await store.get(c, 1)).toEqual(again);
        expect(await store.edit(c, 2, 'nothing there', at(3))).toBeUndefined();
      });

      it('turns a deleted message into a tombstone that keeps its place and first deletedAt', async () => {
        const c = newConversation();
        await append(c, { text: 'secret', attachments: [{ mediaId: 'm', kind: 'image' }] });
        await append(c);
        const tombstone = await store.markDeleted(c, 1, at(5));
        expect(tombstone).toMatchObject({ seq: 1, text: null, attachments: [], deletedAt: at(5) });
        expect(await store.markDeleted(c, 1, at(6))).toEqual(tombstone);
        expect(await store.edit(c, 1, 'revived?', at(7))).toEqual(tombstone);
        expect(seqs(await readAll(store, c))).toEqual([1, 2]);
        expect(await store.get(c, 1)).toEqual(tombstone);
        expect(await store.markDeleted(c, 3, at(5))).toBeUndefined();
      });

      it('adds and removes reactions idempotently, per user and emoji, in reaction order', async () => {
        const c = newConversation();
        await append(c);
        const react = (emoji: string, user: string, present: boolean) => store.setReaction(c, 1, emoji, user, present, at(1));
        await react('👍', 'bob', true);
        await react('👍', 'alice', true);
        await react('❤️', 'bob', true);
        expect((await react('👍', 'bob', true))?.reactions).toEqual({ '👍': ['bob', 'alice'], '❤️': ['bob'] });
        expect((await react('👍', 'bob', false))?.reactions).toEqual({ '👍': ['alice'], '❤️': ['bob'] });
        expect((await react('👍', 'bob', false))?.reactions).toEqual({ '👍': ['alice'], '❤️': ['bob'] });
        expect((await react('❤️', 'bob', false))?.reactions).toEqual({ '👍': ['alice'] });
        expect((await react('a.b', 'carol', true))?.reactions).toEqual({ '👍': ['alice'], 'a.b': ['carol'] });
        expect((await react('$x', 'carol', true))?.reactions).toEqual({ '👍': ['alice'], 'a.b': ['carol'], $x: ['carol'] });
        expect((await store.get(c, 1))?.seq).toBe(1);
        expect(await store.setReaction(c, 2, '👍', 'bob', true, at(1))).toBeUndefined();
      });

      it('sets the mentioned users, sorted and deduplicated; the same set again is no change for sync', async () => {
        const c = newConversation();
        await append(c);
        expect((await store.setMentions(c, 1, ['carol', 'bob', 'carol'], at(1)))?.mentions).toEqual(['bob', 'carol']);
        expect(await store.changedSince([c], at(0), 10)).toHaveLength(1);
        expect((await store.setMentions(c, 1, ['bob', 'carol'], at(5)))?.mentions).toEqual(['bob', 'carol']);
        expect(await store.changedSince([c], at(1), 10)).toEqual([]);
        expect((await store.get(c, 1))?.mentions).toEqual(['bob', 'carol']);
        expect(await store.setMentions(c, 2, ['bob'], at(6))).toBeUndefined();
      });

      it('lists messages created or changed after a time, oldest change first, for the given conversations only', async () => {
        const [a, b, other] = [newConversation(), newConversation(), newConversation()];
        for (const minute of [1, 2, 3]) await append(a, { createdAt: at(minute), text: `a${minute}` });
        await append(b, { createdAt: at(2) });
        await append(other, { createdAt: at(4) });
        await store.edit(a, 1, 'edited', at(5));
        await store.markDeleted(a, 2, at(6));
        await store.setReaction(b, 1, '🎉', 'carol', true, at(7));
        await store.setReaction(other, 1, '🎉', 'carol', true, at(8));
        // Changes that change nothing do not count.
        await store.markDeleted(a, 2, at(9));
        await store.setReaction(b, 1, '🎉', 'dave', false, at(9));

        const changed = await store.changedSince([a, b], at(2), 10);
        expect(changed.map((m) => [m.conversationId, m.seq])).toEqual([
          [a, 3],
          [a, 1],
          [a, 2],
          [b, 1],
        ]);
        expect(changed[1]).toMatchObject({ text: 'edited' });
        expect(changed[2]).toMatchObject({ text: null, deletedAt: at(6) });
        expect(changed[3]?.reactions).toEqual({ '🎉': ['carol'] });

        expect((await store.changedSince([a, b], at(2), 2)).map((m) => m.seq)).toEqual([3, 1]);
        expect(await store.changedSince([a, b], at(7), 10)).toEqual([]);
        expect((await store.changedSince([b], at(0), 10)).map((m) => m.seq)).toEqual([1]);
        expect(await store.changedSince([], at(0), 10)).toEqual([]);
      });
    });

    describeOutboxContract(() => harness);
    describeSendContract(() => harness);
  });
}
