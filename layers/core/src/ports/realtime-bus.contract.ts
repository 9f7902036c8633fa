import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { RealtimeEvent } from '../domain/chat/events.js';
import type { MessageView } from '../domain/chat/message.js';
import { revocationsChannel, type RealtimeBus } from './realtime-bus.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for delivery');
    await sleep(5);
  }
}

function message(conversationId: string, seq: number): MessageView {
  return {
    id: `m-${seq}`,
    kind: 'text',
    conversationId,
    seq,
    senderId: 'u-sender',
    clientMsgId: `c-${seq}`,
    text: `hello ${seq} ✓`,
    attachments: [{ mediaId: 'media-1', kind: 'image', name: 'a.png' }],
    mentions: ['u-2'],
    replyToSeq: seq > 1 ? seq - 1 : null,
    reactions: { '👍': ['u-2'] },
    createdAt: new Date(1_700_000_000_000 + seq).toISOString(),
    editedAt: null,
    deletedAt: null,
  };
}

const newMessage = (conversationId: string, seq: number): RealtimeEvent => ({
  type: 'message.new',
  message: message(conversationId, seq),
  recipients: ['u-1', 'u-2'],
});

/**
 * The behaviour every RealtimeBus adapter must show. `open` is called once per bus: two buses stand
 * for two processes (a function publishing, a gateway node subscribed).
 */
export function describeRealtimeBusContract(name: string, open: () => Promise<RealtimeBus>): void {
  describe(`RealtimeBus contract: ${name}`, () => {
    let publisher: RealtimeBus;
    let subscriber: RealtimeBus;
    const channel = (s: string) => `contract:${randomUUID()}:${s}`;

    beforeAll(async () => {
      publisher = await open();
      subscriber = await open();
    });
    afterAll(async () => {
      await publisher.close();
      await subscriber.close();
    });

    it('delivers an event published on one bus to a subscriber on another, JSON intact', async () => {
      const ch = channel('round-trip');
      const got: RealtimeEvent[] = [];
      await subscriber.subscribe(ch, (e) => got.push(e));
      const event = newMessage('c-1', 1);
      await publisher.publish(ch, event);
      await until(() => got.length === 1);
      expect(got[0]).toEqual(event);
      await subscriber.unsubscribe(ch);
    });

    it('keeps publish order per channel and publisher (1,000 events)', async () => {
      const ch = channel('order');
      const seqs: number[] = [];
      await subscriber.subscribe(ch, (e) => seqs.push(e.type === 'message.new' ? e.message.seq : -1));
      for (let seq = 1; seq <= 1_000; seq++) void publisher.publish(ch, newMessage('c-order', seq));
      await until(() => seqs.length === 1_000, 15_000);
      expect(seqs).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
      await subscriber.unsubscribe(ch);
    });

    it('stops delivering once unsubscribed', async () => {
      const ch = channel('unsub');
      const got: RealtimeEvent[] = [];
      await subscriber.subscribe(ch, (e) => got.push(e));
      await publisher.publish(ch, newMessage('c-u', 1));
      await until(() => got.length === 1);
      await subscriber.unsubscribe(ch);
      await publisher.publish(ch, newMessage('c-u', 2));
      await sleep(100);
      expect(got).toHaveLength(1);
    });

    it('routes many channels to their own handlers', async () => {
      const channels = Array.from({ length: 50 }, (_, i) => channel(`many-${i}`));
      const got = new Map<string, number[]>();
      await Promise.all(
        channels.map((ch) => subscriber.subscribe(ch, (e) => got.set(ch, [...(got.get(ch) ?? []), e.type === 'typing' ? Number(e.conversationId) : -1]))),
      );
      await Promise.all(channels.map((ch, i) => publisher.publish(ch, { type: 'typing', conversationId: String(i), userId: 'u-1', state: 'start' })));
      await until(() => got.size === 50 && [...got.values()].every((v) => v.length === 1));
      channels.forEach((ch, i) => expect(got.get(ch)).toEqual([i]));
      await Promise.all(channels.map((ch) => subscriber.unsubscribe(ch)));
    });

    it('delivers to subscribers on every bus', async () => {
      const ch = channel('fan-out');
      const third = await open();
      const a: RealtimeEvent[] = [];
      const b: RealtimeEvent[] = [];
      await subscriber.subscribe(ch, (e) => a.push(e));
      await third.subscribe(ch, (e) => b.push(e));
      await publisher.publish(ch, { type: 'presence', userId: 'u-1', status: 'online', lastSeenAt: new Date().toISOString() });
      await until(() => a.length === 1 && b.length === 1);
      await third.close();
      await subscriber.unsubscribe(ch);
    });

    it('carries session revocations on the shared revocations channel to every bus', async () => {
      // The real channel, so other tests' revocations may pass by: only this session's are counted.
      const sessionId = randomUUID();
      const third = await open();
      const heard = [0, 0];
      const count = (i: number) => (e: RealtimeEvent) => {
        if (e.type === 'session.revoked' && e.sessionId === sessionId) heard[i]!++;
      };
      await subscriber.subscribe(revocationsChannel, count(0));
      await third.subscribe(revocationsChannel, count(1));
      await publisher.publish(revocationsChannel, { type: 'session.revoked', sessionId });
      await until(() => heard[0] === 1 && heard[1] === 1);
      await third.close();
      await subscriber.unsubscribe(revocationsChannel);
    });

    it('accepts a publish on a channel nobody listens to', async () => {
      await expect(publisher.publish(channel('nobody'), newMessage('c-none', 1))).resolves.toBeUndefined();
    });

    it('releases everything on close', async () => {
      const bus = await open();
      const ch = channel('closed');
      const got: RealtimeEvent[] = [];
      await bus.subscribe(ch, (e) => got.push(e));
      await bus.close();
      await publisher.publish(ch, newMessage('c-closed', 1));
      await sleep(100);
      expect(got).toHaveLength(0);
    });
  });
}
