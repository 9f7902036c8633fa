import { describe, expect, it } from 'vitest';
import { rest, type RestUser } from '../support/rest.js';
import type { WsClient } from '../support/ws-client.js';
import { range, useTopology } from './topology.js';

/**
 * Delivery end to end (local cloud + two gateway processes on real services, see topology.ts): every
 * member connection gets each message exactly once and in seq order across nodes, under 20 concurrent
 * senders too, and a resent clientMsgId never makes a second message.
 */

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('delivery end to end: local cloud + two gateway processes on real services', () => {
  const t = useTopology('delivery');
  const { users, group, connect, node, wsSend, history } = t;

  it('cross-node exchange: both directions, every member connection gets each message once, in seq order', async () => {
    const [ann, ben] = await users(2, 'x');
    const direct = await rest(t.cloud.url, 'POST', '/v1/conversations', { token: ann!.token, body: { type: 'direct', userId: ben!.id } });
    expect(direct.status).toBe(201);
    const conv = direct.json.conversation.id as string;
    // ann on node 1 and node 2, ben on node 2 and node 1: every message crosses nodes both ways.
    const ann1 = await connect(ann!, 1);
    const ben2 = await connect(ben!, 2);
    const ann2 = await connect(ann!, 2);
    const ben1 = await connect(ben!, 1);
    const all = [ann1, ann2, ben1, ben2];

    const acked = new Map<number, { id: string; senderId: string; text: string }>();
    const sendAll = async (from: WsClient, user: RestUser, count: number) => {
      for (let i = 0; i < count; i++) {
        const m = await wsSend(from, conv, `${user.username} #${i}`);
        expect(m.senderId).toBe(user.id);
        acked.set(m.seq, m);
      }
    };
    await Promise.all([sendAll(ann1, ann!, 10), sendAll(ben2, ben!, 10)]);
    // A last message after everything else: once it arrived, nothing of the first 20 is in flight.
    const last = await wsSend(ben1, conv, 'last');
    acked.set(last.seq, last);
    expect([...acked.keys()].sort((a, b) => a - b)).toEqual(range(1, 21));

    for (const c of all) await c.waitFor((f) => f.type === 'message.new' && f.message.seq === 21, 15_000, 'seq 21');
    for (const c of all) {
      expect(c.seqs(conv), c.label).toEqual(range(1, 21));
      for (const r of c.messages(conv)) {
        const m = acked.get(r.frame.message.seq)!;
        expect(r.frame.message).toMatchObject({ id: m.id, senderId: m.senderId, text: m.text, conversationId: conv });
      }
    }
    await Promise.all(all.map((c) => c.close()));
  }, 60_000);

  // 20 senders racing for one counter is what the test is about; 15 messages each (300 in all)
  // keep every one of them racing from the first message to the last, in a third of the time 50 took on FerretDB.
  const SENDERS = 20;
  const EACH = 15;
  const TOTAL = SENDERS * EACH;

  it(`concurrent senders: ${SENDERS} clients × ${EACH} messages into one group → seqs 1..${TOTAL}, every connection sees all once in order`, async () => {
    const members = await users(SENDERS, 'c');
    const conv = await group(members[0]!, members.slice(1), 'load');
    const conns = await Promise.all(members.map((u, i) => connect(u, i % 2 === 0 ? 1 : 2, `c${i}@${(i % 2) + 1}`)));
    const sentAt = new Map<string, number>();
    const acks: { seq: number; id: string; at: number; sent: number }[] = [];

    const retriedBefore = t.retriedSends;
    const started = Date.now();
    await Promise.all(
      conns.map(async (c, i) => {
        for (let k = 0; k < EACH; k++) {
          const id = `load-${i}-${k}`;
          const sent = Date.now();
          sentAt.set(id, sent);
          const m = await wsSend(c, conv, `client ${i} message ${k}`, id, 90_000);
          acks.push({ seq: m.seq, id: m.id, at: Date.now(), sent });
        }
      }),
    );
    const lastAck = Date.now();
    expect(acks.map((a) => a.seq).sort((a, b) => a - b)).toEqual(range(1, TOTAL));

    await Promise.all(conns.map((c) => c.until(() => c.count(conv) >= TOTAL, 90_000, `${TOTAL} messages`)));
    const lastDelivery = Math.max(...conns.map((c) => c.messages(conv).at(-1)!.at));
    const latencies: number[] = [];
    for (const c of conns) {
      expect(c.seqs(conv), c.label).toEqual(range(1, TOTAL));
      for (const r of c.messages(conv)) latencies.push(r.at - sentAt.get(r.frame.message.clientMsgId)!);
    }
    const byId = new Map(acks.map((a) => [a.seq, a.id]));
    for (const r of conns[7]!.messages(conv)) expect(r.frame.message.id).toBe(byId.get(r.frame.message.seq));

    const stored = await history(members[3]!, conv);
    expect(stored.map((m) => m.seq)).toEqual(range(1, TOTAL));
    expect(stored.map((m) => m.id)).toEqual(range(1, TOTAL).map((s) => byId.get(s)));

    latencies.sort((a, b) => a - b);
    const ackLatencies = acks.map((a) => a.at - a.sent).sort((a, b) => a - b);
    console.log(
      [
        `[e2e concurrent senders] ${SENDERS} clients × ${EACH} messages over 2 gateway nodes (MongoDB=FerretDB); ${t.retriedSends - retriedBefore} sends refused as dependency_unavailable and retried:`,
        `  acks:       ${TOTAL} messages in ${lastAck - started} ms → ${(TOTAL / ((lastAck - started) / 1000)).toFixed(1)} msg/s; ack latency p50 ${percentile(ackLatencies, 50)} ms, p99 ${percentile(ackLatencies, 99)} ms, max ${ackLatencies.at(-1)} ms`,
        `  deliveries: ${TOTAL * SENDERS} message.new in ${lastDelivery - started} ms → ${((TOTAL * SENDERS) / ((lastDelivery - started) / 1000)).toFixed(0)} frames/s; send→receive p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
      ].join('\n'),
    );
    await Promise.all(conns.map((c) => c.close()));
  }, 240_000);

  it('idempotent resend: the same clientMsgId after a reconnect is acknowledged with the original message', async () => {
    const [amy, bob] = await users(2, 'i');
    const conv = await group(amy!, [bob!], 'idem');
    const a = await connect(amy!, 1, 'amy');
    const original = await wsSend(a, conv, 'once', 'idem-X');
    await a.terminate();
    await a.reconnect(node(2));
    const again = await wsSend(a, conv, 'once', 'idem-X');
    expect(again).toEqual(original);

    // The connection drops before the ack: the resend must not create a second message either.
    a.send({ type: 'message.send', conversationId: conv, clientMsgId: 'idem-Y', text: 'maybe' });
    await a.terminate();
    await a.reconnect(node(1));
    const y = await wsSend(a, conv, 'maybe', 'idem-Y');
    const y2 = await wsSend(a, conv, 'maybe', 'idem-Y');
    expect(y2).toEqual(y);

    const stored = await history(bob!, conv);
    expect(stored.map((m) => [m.seq, m.clientMsgId, m.id])).toEqual([
      [1, 'idem-X', original.id],
      [2, 'idem-Y', y.id],
    ]);
    expect(original.seq).toBe(1);
    await a.close();
  }, 60_000);
});
