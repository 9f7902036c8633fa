import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../domain/chat/message.js';
import { jobsForMessage } from '../domain/jobs/job.js';
import type { ConversationStore } from './conversation-store.js';
import type { MessageStore, NewMessage } from './message-store.js';
import type { OutboxStore } from './outbox-store.js';

export interface SendHarness {
  store: MessageStore;
  outbox: OutboxStore;
  peer?: MessageStore | undefined;
  /** Where `store.send` finds members and moves activity and read markers. */
  conversations: { store: ConversationStore; makeUser(): Promise<string> };
}

const at = (minute: number) => new Date(Date.UTC(2031, 0, 1, 0, minute));
const jobsFor = (m: Message) =>
  jobsForMessage(
    { conversationId: m.conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt.toISOString() },
    randomUUID,
    m.createdAt.toISOString(),
  );

/** `MessageStore.send`, run inside the MessageStore contract. Every test makes its own group and users. */
export function describeSendContract(harness: () => SendHarness): void {
  describe('send (membership, repeat, reply target, activity and read marker in one operation)', () => {
    const group = async (size = 3) => {
      const { conversations } = harness();
      const users = await Promise.all(Array.from({ length: size }, () => conversations.makeUser()));
      const id = `conv-${randomUUID()}`;
      await conversations.store.createGroup({ id, title: 'send', ownerId: users[0]!, memberIds: users, at: at(0) });
      return { id, users };
    };
    const draft = (conversationId: string, senderId: string, fields: Partial<NewMessage> = {}): NewMessage => ({
      id: randomUUID(),
      conversationId,
      senderId,
      clientMsgId: randomUUID(),
      text: 'hello',
      attachments: [],
      replyToSeq: null,
      createdAt: at(1),
      ...fields,
    });
    const pendingFor = async (conversationId: string) =>
      (await harness().outbox.pending(100_000)).filter((e) => e.job.payload && JSON.stringify(e.job.payload).includes(conversationId));

    it("stores a member's message with its jobs (for its seq), and moves activity and the sender's read marker", async () => {
      const { store, conversations } = harness();
      const { id, users } = await group();
      const [alice, bob] = [users[0]!, users[1]!];
      const first = await store.send(draft(id, bob, { createdAt: at(5) }), jobsFor);
      expect(first.created).toBe(true);
      expect(first.message).toMatchObject({ conversationId: id, seq: 1, senderId: bob, text: 'hello' });
      expect([...first.recipients].sort()).toEqual([...users].sort());
      // One event per message (the broker's fan-out gives each message worker its copy).
      expect(first.outbox.map((e) => e.job.type)).toEqual(['message']);
      expect(first.outbox[0]!.job.payload).toEqual({ conversationId: id, seq: 1, messageId: first.message.id, senderId: bob, createdAt: at(5).toISOString() });
      const second = await store.send(draft(id, alice, { createdAt: at(6) }), jobsFor);
      expect(second.outbox[0]!.job.payload).toMatchObject({ seq: 2, messageId: second.message.id });
      // The outbox holds exactly what the sends returned, real seqs included.
      const stored = (await pendingFor(id)).map((e) => e.job).sort((a, b) => a.id.localeCompare(b.id));
      expect(stored).toEqual([...first.outbox, ...second.outbox].map((e) => e.job).sort((a, b) => a.id.localeCompare(b.id)));

      const conversation = (await conversations.store.get(id))!;
      expect(conversation).toMatchObject({ lastSeq: 2, lastActivityAt: at(6) });
      const readSeq = (user: string) => conversation.members.find((m) => m.userId === user)!.readSeq;
      expect([readSeq(bob), readSeq(alice), readSeq(users[2]!)]).toEqual([1, 2, 0]);
      expect(await store.get(id, 2)).toEqual(second.message);
    });

    it('refuses a non-member and one who left with the same not-found error, storing nothing', async () => {
      const { store, conversations } = harness();
      const { id, users } = await group();
      const stranger = await conversations.makeUser();
      await conversations.store.removeMember(id, users[2]!, at(2));
      for (const sender of [stranger, users[2]!, 'no-such-user']) {
        await expect(store.send(draft(id, sender), jobsFor)).rejects.toMatchObject({ code: 'not_found', message: 'Conversation not found' });
      }
      await expect(store.send(draft(`conv-${randomUUID()}`, users[0]!), jobsFor)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.range(id, { limit: 10 })).toEqual({ items: [], hasMore: false });
      expect(await pendingFor(id)).toEqual([]);
      // No seq was taken: the next member's message is 1.
      expect((await store.send(draft(id, users[1]!), jobsFor)).message.seq).toBe(1);
    });

    it('answers a repeated clientMsgId with the original, queuing no jobs, even with a changed reply target', async () => {
      const { store } = harness();
      const { id, users } = await group(2);
      const input = draft(id, users[0]!);
      const original = await store.send(input, jobsFor);
      const again = await store.send({ ...input, id: randomUUID(), text: 'changed', replyToSeq: 99 }, jobsFor);
      expect(again).toEqual({ message: original.message, created: false, outbox: [], recipients: original.recipients });
      expect(await pendingFor(id)).toHaveLength(original.outbox.length);
      expect((await store.send(draft(id, users[1]!), jobsFor)).message.seq).toBe(2);
    });

    it('refuses a reply to a seq that does not exist, wasting no seq; replies to one that does', async () => {
      const { store } = harness();
      const { id, users } = await group(2);
      await expect(store.send(draft(id, users[0]!, { replyToSeq: 1 }), jobsFor)).rejects.toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'replyToSeq', issue: 'no message with this seq' }],
      });
      await store.send(draft(id, users[0]!), jobsFor);
      await expect(store.send(draft(id, users[1]!, { replyToSeq: 2 }), jobsFor)).rejects.toMatchObject({ code: 'validation_failed' });
      const reply = await store.send(draft(id, users[1]!, { replyToSeq: 1 }), jobsFor);
      expect(reply.message).toMatchObject({ seq: 2, replyToSeq: 1 });
    });

    it('numbers concurrent sends through one instance in submission order, each answered on its own', async () => {
      const { store, conversations } = harness();
      const { id, users } = await group(3);
      const stranger = await conversations.makeUser();
      const earlier = await store.send(draft(id, users[0]!), jobsFor);
      const inputs = Array.from({ length: 12 }, (_, i) => draft(id, users[i % users.length]!, { text: `m${i}` }));
      // Mixed in (sends queued behind a running one go together): a repeat of a stored send and of a
      // send in this burst, a stranger, a reply to the burst's second message and one to nothing.
      const extras = [
        draft(id, users[0]!, { clientMsgId: earlier.message.clientMsgId, text: 'again' }),
        { ...inputs[3]!, id: randomUUID() },
        draft(id, stranger),
        draft(id, users[1]!, { replyToSeq: 3, text: 'reply' }),
        draft(id, users[2]!, { replyToSeq: 99 }),
      ];
      const submitted = [...inputs.slice(0, 3), extras[0]!, extras[3]!, ...inputs.slice(3, 6), extras[1]!, extras[2]!, extras[4]!, ...inputs.slice(6)];
      const outcomes = await Promise.allSettled(submitted.map((input) => store.send(input, jobsFor)));
      const byInput = new Map(submitted.map((input, i) => [input, outcomes[i]!]));
      const value = (input: NewMessage) => {
        const o = byInput.get(input)!;
        if (o.status === 'rejected') throw new Error(`send refused: ${String(o.reason)}`);
        return o.value;
      };
      expect(value(extras[0]!)).toMatchObject({ created: false, outbox: [], message: earlier.message });
      expect(value(extras[1]!)).toMatchObject({ created: false, outbox: [], message: value(inputs[3]!).message });
      expect(byInput.get(extras[2]!)).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
      expect(byInput.get(extras[4]!)).toMatchObject({ status: 'rejected', reason: { code: 'validation_failed' } });
      const created = submitted.filter((input) => byInput.get(input)!.status === 'fulfilled' && value(input).created);
      expect(created.map((input) => input.text)).toEqual(['m0', 'm1', 'm2', 'reply', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11']);
      expect(created.map((input) => value(input).message.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 2));
      expect(value(extras[3]!).message).toMatchObject({ replyToSeq: 3, seq: 5 });
      for (const input of created) expect([...value(input).recipients].sort()).toEqual([...users].sort());
      expect((await store.range(id, { limit: 100 })).items.map((m) => m.text)).toEqual(['hello', ...created.map((input) => input.text)]);
      expect(await pendingFor(id)).toHaveLength(14);
      const conversation = (await conversations.store.get(id))!;
      expect(conversation.lastSeq).toBe(14);
      const last = (sender: string) => Math.max(...created.filter((input) => input.senderId === sender).map((input) => value(input).message.seq));
      expect(Object.fromEntries(conversation.members.map((m) => [m.userId, m.readSeq]))).toEqual(Object.fromEntries(users.map((u) => [u, last(u)])));
    });

    it("keeps two instances racing on one conversation gap-free, each instance's sends in its order", async (ctx) => {
      const { store, peer, conversations } = harness();
      if (!peer) return ctx.skip('this adapter has no second instance');
      const { id, users } = await group(2);
      // The store's idea of the next seq goes stale while the peer sends.
      await store.send(draft(id, users[0]!), jobsFor);
      for (let i = 0; i < 3; i++) await peer.send(draft(id, users[1]!), jobsFor);
      const burst = (through: MessageStore, name: string) =>
        Promise.all(Array.from({ length: 25 }, (_, i) => through.send(draft(id, users[i % 2]!, { text: `${name}${i}` }), jobsFor)));
      const [mine, theirs] = await Promise.all([burst(store, 's'), burst(peer, 'p')]);
      for (const sent of [mine, theirs]) {
        const seqs = sent.map((s) => s.message.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(sent.every((s) => s.created)).toBe(true);
      }
      const all = [...mine, ...theirs].map((s) => s.message.seq).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i + 5));
      expect((await store.range(id, { afterSeq: 0, limit: 100 })).items.map((m) => m.seq)).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
      expect((await conversations.store.get(id))!.lastSeq).toBe(54);
    });

    it('gives a burst of concurrent sends, through every instance, seq 1..n and each its own answer', async () => {
      const { store, peer, conversations } = harness();
      const { id, users } = await group(4);
      const stranger = await conversations.makeUser();
      const stores = [store, ...(peer ? [peer] : [])];
      const inputs = Array.from({ length: 60 }, (_, i) => draft(id, users[i % users.length]!, { text: `m${i}` }));
      // A refused send and a repeat among them: neither fails the others nor takes a seq.
      const outcomes = await Promise.allSettled([
        ...inputs.map((input, i) => stores[i % stores.length]!.send(input, jobsFor)),
        store.send(draft(id, stranger), jobsFor),
        stores.at(-1)!.send({ ...inputs[7]!, id: randomUUID() }, jobsFor),
      ]);
      const sent = outcomes.slice(0, 60).map((o) => (o.status === 'fulfilled' ? o.value : undefined));
      expect(sent.every((s) => s !== undefined)).toBe(true);
      expect(outcomes[60]).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
      expect(outcomes[61]).toMatchObject({ status: 'fulfilled', value: { message: { clientMsgId: inputs[7]!.clientMsgId } } });
      const seqs = sent.map((s) => s!.message.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      sent.forEach((s, i) => expect(s!.message.text).toBe(`m${i}`));
      // Sends from one sender through one instance keep their order.
      for (const sender of users) {
        const mine = sent.filter((s, i) => s!.message.senderId === sender && i % stores.length === 0).map((s) => s!.message.seq);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
      expect((await conversations.store.get(id))!.lastSeq).toBe(60);
      expect(await pendingFor(id)).toHaveLength(60);
    });
  });
}
