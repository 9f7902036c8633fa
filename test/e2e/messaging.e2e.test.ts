import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { requireServiceUrl } from '../harness-env.js';
import { fetchMetrics, killProcess, metricValue, rssBytes, startGateway, stopProcess, type RunningGateway } from '../support/gateway-process.js';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud.js';
import { mapLimit, registerViaRest, rest, type RestUser } from '../support/rest.js';
import { WsClient, type Received } from '../support/ws-client.js';

/**
 * Messaging end to end, against real processes and real services: one local cloud (REST API) and two
 * standalone gateway processes sharing Redis, PostgreSQL and MongoDB (FerretDB), with `ws` clients.
 * The node-loss test kills gateway 1, so only the slow-consumer test (on gateway 2) runs after it;
 * that one runs last because its flood of large messages makes every FerretDB collection scan slow.
 */

const RUN = `m${Date.now().toString(36)}${(process.pid % 1000).toString(36)}`;
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

let cloud: RunningCloud;
let gw: [RunningGateway, RunningGateway];
let mongoUrl: string;
const clients: WsClient[] = [];

const node = (i: 1 | 2) => gw[i - 1]!.wsUrl;

async function users(count: number, tag: string): Promise<RestUser[]> {
  return mapLimit(range(1, count), 4, () => registerViaRest(cloud.url, `${RUN}${tag}`));
}

async function group(owner: RestUser, members: RestUser[], title = 'e2e'): Promise<string> {
  const res = await rest(cloud.url, 'POST', '/v1/conversations', { token: owner.token, body: { type: 'group', title, memberIds: members.map((m) => m.id) } });
  if (res.status !== 201) throw new Error(`group create: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.conversation.id as string;
}

async function connect(user: RestUser, n: 1 | 2, label = `${user.username}@${n}`): Promise<WsClient> {
  const client = await WsClient.connect(node(n), user.token, label);
  clients.push(client);
  return client;
}

let sends = 0;
const clientMsgId = (tag: string) => `${tag}-${++sends}`;

/** Sends refused with `dependency_unavailable` (retryable, ADR 0006) and retried with the same clientMsgId. */
let retriedSends = 0;

/**
 * `message.send` over WS; resolves with the acknowledged message. Like a real client it retries a
 * send refused as `dependency_unavailable` (the store lost too many seq races; retrying with the same
 * clientMsgId is safe); any other `error` frame throws.
 */
async function wsSend(client: WsClient, conversationId: string, text = 'hi', id = clientMsgId('ws'), timeoutMs = 20_000) {
  for (let attempt = 1; ; attempt++) {
    const reply = await client.request({ type: 'message.send', conversationId, clientMsgId: id, text }, timeoutMs);
    if (reply.frame.type === 'ack') return reply.frame.message as { id: string; seq: number; clientMsgId: string; senderId: string; createdAt: string; text: string };
    if (reply.frame.error?.code !== 'dependency_unavailable' || attempt >= 10) throw new Error(`send failed: ${JSON.stringify(reply.frame)}`);
    retriedSends++;
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
  }
}

async function restSend(user: RestUser, conversationId: string, text = 'hi', id = clientMsgId('rest')) {
  const res = await rest(cloud.url, 'POST', `/v1/conversations/${conversationId}/messages`, { token: user.token, body: { clientMsgId: id, text } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`REST send: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.message as { id: string; seq: number };
}

/** The whole stored history of a conversation, read through the REST API page by page. */
async function history(user: RestUser, conversationId: string) {
  const items: { id: string; seq: number; clientMsgId: string }[] = [];
  for (let after = 0; ; ) {
    const res = await rest(cloud.url, 'GET', `/v1/conversations/${conversationId}/messages?afterSeq=${after}&limit=200`, { token: user.token });
    if (res.status !== 200) throw new Error(`history: ${res.status} ${JSON.stringify(res.json)}`);
    items.push(...res.json.items);
    if (!res.json.hasMore || res.json.items.length === 0) return items;
    after = res.json.items.at(-1).seq;
  }
}

/** Does a frame carry anything of this conversation or about one of these users? */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function concerns(frame: any, conversationId: string, userIds: string[]): boolean {
  if (frame.conversationId === conversationId || frame.message?.conversationId === conversationId || frame.conversation?.id === conversationId) return true;
  return (frame.type === 'presence' || frame.type === 'typing') && userIds.includes(frame.userId);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('messaging end to end: local cloud + two gateway processes on real services', () => {
  beforeAll(async () => {
    const databaseUrl = requireServiceUrl('DATABASE_URL');
    const redisUrl = requireServiceUrl('REDIS_URL');
    // A database of our own: FerretDB scans whole collections for non-_id queries, so other suites'
    // messages would slow every history read down; it is dropped afterwards.
    const mongo = new URL(requireServiceUrl('MONGODB_URL'));
    mongo.pathname = `/e2e_${RUN}`;
    mongoUrl = mongo.toString();
    const db = new PostgresSqlDatabase(databaseUrl);
    await migrate(db);
    await db.close();
    // LOCAL_TIMER_SECONDS: the outbox sweep (a timer function) reads the pending outbox with a query
    // FerretDB answers by scanning the whole messages collection; every 5 s (the default) that scan
    // of the slow-consumer flood (several MB of 12 KB messages) starves the appends. Timers are not
    // under test here.
    const shared = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, MONGODB_URL: mongoUrl, JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]), LOG_LEVEL: 'warn' };
    // Production config requires a broker: the jobs of sends made on the gateways go to RabbitMQ
    // (no worker reads them here; jobs are not under test).
    const gatewayEnv = (name: string) => ({ ...shared, AMQP_URL: requireServiceUrl('AMQP_URL'), CHAT_API: 'inprocess', NODE_ENV: 'production', GATEWAY_NODE_NAME: name });
    const [c, g1, g2] = await Promise.all([startLocalCloud({ ...shared, GATEWAY_NODES: '1', LOCAL_TIMER_SECONDS: '3600' }), startGateway(gatewayEnv(`${RUN}-1`)), startGateway(gatewayEnv(`${RUN}-2`))]);
    cloud = c;
    gw = [g1, g2];
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) if (c.ws) c.ws.terminate();
    await Promise.all([cloud && stopProcess(cloud.process), ...(gw ?? []).map((g) => stopProcess(g.process))]);
    // The processes' own logs (warn and above), for whoever has to find out why something failed.
    const logs = mkdtempSync(path.join(tmpdir(), 'e2e-messaging-'));
    if (cloud) writeFileSync(path.join(logs, 'local-cloud.log'), cloud.output());
    (gw ?? []).forEach((g, i) => writeFileSync(path.join(logs, `gateway-${i + 1}.log`), g.output()));
    console.log(`[e2e messaging] process logs in ${logs}`);
    if (mongoUrl) {
      const client = await new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 }).connect();
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    }
  }, 60_000);

  it('cross-node exchange: both directions, every member connection gets each message once, in seq order', async () => {
    const [ann, ben] = await users(2, 'x');
    const direct = await rest(cloud.url, 'POST', '/v1/conversations', { token: ann!.token, body: { type: 'direct', userId: ben!.id } });
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

  it('concurrent senders: 20 clients × 50 messages into one group → seqs 1..1000, every connection sees all once in order', async () => {
    const members = await users(20, 'c');
    const conv = await group(members[0]!, members.slice(1), 'load');
    const conns = await Promise.all(members.map((u, i) => connect(u, i % 2 === 0 ? 1 : 2, `c${i}@${(i % 2) + 1}`)));
    const sentAt = new Map<string, number>();
    const acks: { seq: number; id: string; at: number; sent: number }[] = [];

    const retriedBefore = retriedSends;
    const started = Date.now();
    await Promise.all(
      conns.map(async (c, i) => {
        for (let k = 0; k < 50; k++) {
          const id = `load-${i}-${k}`;
          const sent = Date.now();
          sentAt.set(id, sent);
          const m = await wsSend(c, conv, `client ${i} message ${k}`, id, 90_000);
          acks.push({ seq: m.seq, id: m.id, at: Date.now(), sent });
        }
      }),
    );
    const lastAck = Date.now();
    expect(acks.map((a) => a.seq).sort((a, b) => a - b)).toEqual(range(1, 1000));

    await Promise.all(conns.map((c) => c.until(() => c.count(conv) >= 1000, 90_000, '1000 messages')));
    const lastDelivery = Math.max(...conns.map((c) => c.messages(conv).at(-1)!.at));
    const latencies: number[] = [];
    for (const c of conns) {
      expect(c.seqs(conv), c.label).toEqual(range(1, 1000));
      for (const r of c.messages(conv)) latencies.push(r.at - sentAt.get(r.frame.message.clientMsgId)!);
    }
    const byId = new Map(acks.map((a) => [a.seq, a.id]));
    for (const r of conns[7]!.messages(conv)) expect(r.frame.message.id).toBe(byId.get(r.frame.message.seq));

    const stored = await history(members[3]!, conv);
    expect(stored.map((m) => m.seq)).toEqual(range(1, 1000));
    expect(stored.map((m) => m.id)).toEqual(range(1, 1000).map((s) => byId.get(s)));

    latencies.sort((a, b) => a - b);
    const ackLatencies = acks.map((a) => a.at - a.sent).sort((a, b) => a - b);
    console.log(
      [
        `[e2e concurrent senders] 20 clients × 50 messages over 2 gateway nodes (MongoDB=FerretDB); ${retriedSends - retriedBefore} sends refused as dependency_unavailable and retried:`,
        `  acks:       1000 messages in ${lastAck - started} ms → ${(1000 / ((lastAck - started) / 1000)).toFixed(1)} msg/s; ack latency p50 ${percentile(ackLatencies, 50)} ms, p99 ${percentile(ackLatencies, 99)} ms, max ${ackLatencies.at(-1)} ms`,
        `  deliveries: 20000 message.new in ${lastDelivery - started} ms → ${(20000 / ((lastDelivery - started) / 1000)).toFixed(0)} frames/s; send→receive p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
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

  it('non-members: 404/403 over REST, error frames over WS, and no event of the conversation on either node', async () => {
    const [m1, m2, m3, outsider] = await users(4, 'n');
    const conv = await group(m1!, [m2!, m3!], 'private');
    await restSend(m1!, conv, 'first');
    const memberIds = [m1!.id, m2!.id, m3!.id];

    for (const res of [
      await rest(cloud.url, 'PUT', `/v1/conversations/${conv}/read`, { token: outsider!.token, body: { seq: 1 } }),
      await rest(cloud.url, 'POST', `/v1/conversations/${conv}/messages`, { token: outsider!.token, body: { clientMsgId: 'intruder-1', text: 'let me in' } }),
      await rest(cloud.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=0`, { token: outsider!.token }),
    ]) {
      expect([403, 404]).toContain(res.status);
      expect(res.json.error.code).toMatch(/^(not_found|forbidden)$/);
    }

    const c1 = await connect(m1!, 1, 'member1@1');
    const c2 = await connect(m2!, 2, 'member2@2');
    const x1 = await connect(outsider!, 1, 'outsider@1');
    const x2 = await connect(outsider!, 2, 'outsider@2');
    const refs = new Set<string>();
    for (const [x, frame] of [
      [x1, { type: 'message.send', conversationId: conv, clientMsgId: 'intruder-2', text: 'hello?' }],
      [x2, { type: 'message.send', conversationId: conv, clientMsgId: 'intruder-3', text: 'hello?' }],
      [x1, { type: 'read', conversationId: conv, seq: 1 }],
      [x2, { type: 'read', conversationId: conv, seq: 1 }],
      [x1, { type: 'typing', conversationId: conv, state: 'start' }],
    ] as const) {
      const reply = await x.request(frame);
      expect(reply.frame.type, JSON.stringify(frame)).toBe('error');
      expect(reply.frame.error.code).toMatch(/^(not_found|forbidden)$/);
      refs.add(reply.frame.ref);
    }

    // A burst of everything a member can cause: messages (WS and REST), typing, read markers, presence.
    await wsSend(c1, conv, 'burst 1');
    c2.sendRaw({ type: 'typing', conversationId: conv, state: 'start' });
    await wsSend(c2, conv, 'burst 2');
    await restSend(m3!, conv, 'burst 3');
    c1.sendRaw({ type: 'read', conversationId: conv, seq: 3 });
    c2.sendRaw({ type: 'typing', conversationId: conv, state: 'stop' });
    const c3 = await connect(m3!, 1, 'member3@1');
    await c1.waitFor((f) => f.type === 'presence' && f.userId === m3!.id && f.status === 'online', 10_000, 'm3 online');
    await c3.close();
    await c2.waitFor((f) => f.type === 'presence' && f.userId === m3!.id && f.status === 'offline', 10_000, 'm3 offline');
    const last = await wsSend(c2, conv, 'the end');
    await c1.waitFor((f) => f.type === 'message.new' && f.message.seq === last.seq, 10_000, 'last message');
    await c2.waitFor((f) => f.type === 'read' && f.userId === m1!.id, 10_000, 'read of m1');
    await c1.waitFor((f) => f.type === 'typing' && f.userId === m2!.id && f.state === 'stop', 10_000, 'typing stop');
    expect(c1.seqs(conv)).toEqual(range(2, last.seq));

    for (const x of [x1, x2]) {
      expect(x.frames.filter((r) => concerns(r.frame, conv, memberIds)).map((r) => r.frame), x.label).toEqual([]);
      // Nothing at all but `ready` and the answers to its own requests.
      expect(x.frames.filter((r) => r.frame.type !== 'ready' && !(r.frame.type === 'error' && refs.has(r.frame.ref))).map((r) => r.frame), x.label).toEqual([]);
    }
    expect((await history(m1!, conv)).some((m) => m.clientMsgId.startsWith('intruder'))).toBe(false);
    await Promise.all([c1, c2, x1, x2].map((c) => c.close()));
  }, 60_000);

  it('removal: a removed member gets nothing more of the group on either node, the others keep receiving', async () => {
    const [owner, stay, gone, late] = await users(4, 'r');
    const conv = await group(owner!, [stay!, gone!, late!], 'removal');
    const o = await connect(owner!, 2, 'owner@2');
    const s = await connect(stay!, 1, 'stay@1');
    const g1 = await connect(gone!, 1, 'gone@1');
    const g2 = await connect(gone!, 2, 'gone@2');
    const before = await wsSend(o, conv, 'before removal');
    for (const c of [o, s, g1, g2]) await c.waitFor((f) => f.type === 'message.new' && f.message.seq === before.seq, 10_000, 'first message');

    const removed = await rest(cloud.url, 'DELETE', `/v1/conversations/${conv}/members/${gone!.id}`, { token: owner!.token });
    expect(removed.status).toBe(204);
    const cut = [g1.frames.length, g2.frames.length];

    await wsSend(o, conv, 'after 1');
    // Read (and wait for the receipt) before stay sends: a send moves the sender's own marker to its
    // message, and a read processed after that changes nothing, so nothing would be announced.
    s.sendRaw({ type: 'read', conversationId: conv, seq: 2 });
    await o.waitFor((f) => f.type === 'read' && f.userId === stay!.id && f.seq === 2, 10_000, 'read of stay');
    s.sendRaw({ type: 'typing', conversationId: conv, state: 'start' });
    await restSend(stay!, conv, 'after 2');
    const l = await connect(late!, 1, 'late@1'); // presence online on the group's channel
    await wsSend(l, conv, 'after 3');
    const refused = await g2.request({ type: 'message.send', conversationId: conv, clientMsgId: 'gone-1', text: 'still here?' });
    expect(refused.frame.type).toBe('error');
    const last = await wsSend(o, conv, 'after 4');

    for (const c of [o, s]) {
      await c.waitFor((f) => f.type === 'message.new' && f.message.seq === last.seq, 10_000, 'last message');
      expect(c.seqs(conv), c.label).toEqual(range(1, last.seq));
    }
    await o.waitFor((f) => f.type === 'presence' && f.userId === late!.id && f.status === 'online', 10_000, 'late online');
    await o.waitFor((f) => f.type === 'typing' && f.userId === stay!.id, 10_000, 'typing of stay');
    const memberIds = [owner!.id, stay!.id, late!.id];
    [g1, g2].forEach((g, i) => {
      const after = g.frames.slice(cut[i]).filter((r) => r.socket === g.socket);
      expect(after.filter((r) => concerns(r.frame, conv, memberIds)).map((r) => r.frame), g.label).toEqual([]);
      expect(g.seqs(conv)).toEqual([before.seq]);
    });
    await Promise.all([o, s, g1, g2, l].map((c) => c.close()));
  }, 60_000);

  it('presence and typing reach exactly the users who share a conversation with the actor, on both nodes', async () => {
    const [actor, peer1, peer2, stranger1, stranger2] = await users(5, 'p');
    const shared1 = await group(actor!, [peer1!], 'shared-1');
    const shared2 = await group(actor!, [peer1!, peer2!], 'shared-2');
    await group(peer1!, [stranger1!, stranger2!], 'peers-only'); // strangers share a group with peer1, not with the actor
    const p1 = await connect(peer1!, 1, 'peer1@1');
    const p2 = await connect(peer2!, 2, 'peer2@2');
    const s1 = await connect(stranger1!, 1, 'stranger1@1');
    const s2 = await connect(stranger2!, 2, 'stranger2@2');

    const a = await connect(actor!, 2, 'actor@2');
    for (const p of [p1, p2]) await p.waitFor((f) => f.type === 'presence' && f.userId === actor!.id && f.status === 'online', 10_000, 'actor online');
    a.sendRaw({ type: 'typing', conversationId: shared2, state: 'start' });
    a.sendRaw({ type: 'typing', conversationId: shared1, state: 'start' });
    a.sendRaw({ type: 'typing', conversationId: shared2, state: 'stop' });
    await p1.waitFor((f) => f.type === 'typing' && f.conversationId === shared2 && f.state === 'stop', 10_000, 'typing stop');
    await p2.waitFor((f) => f.type === 'typing' && f.conversationId === shared2 && f.state === 'stop', 10_000, 'typing stop');
    await a.close();
    for (const p of [p1, p2]) await p.waitFor((f) => f.type === 'presence' && f.userId === actor!.id && f.status === 'offline', 10_000, 'actor offline');

    const about = (c: WsClient) => c.frames.filter((r) => r.frame.userId === actor!.id).map((r) => [r.frame.type, r.frame.status ?? r.frame.state, r.frame.conversationId]);
    // peer1 shares both groups (one presence event each, not one per conversation), peer2 only shared2.
    expect(about(p1)).toEqual([
      ['presence', 'online', undefined],
      ['typing', 'start', shared2],
      ['typing', 'start', shared1],
      ['typing', 'stop', shared2],
      ['presence', 'offline', undefined],
    ]);
    expect(about(p2)).toEqual([
      ['presence', 'online', undefined],
      ['typing', 'start', shared2],
      ['typing', 'stop', shared2],
      ['presence', 'offline', undefined],
    ]);
    // The actor does not get its own typing back either.
    expect(a.frames.filter((r) => r.frame.type === 'typing').map((r) => r.frame)).toEqual([]);
    // Strangers: no frame about the actor or its conversations. peer1's presence would be fine, but
    // peer1 connected before them, so they have nothing at all.
    for (const s of [s1, s2]) {
      expect(s.frames.filter((r) => r.frame.userId === actor!.id || [shared1, shared2].includes(r.frame.conversationId)).map((r) => r.frame), s.label).toEqual([]);
    }
    await Promise.all([p1, p2, s1, s2].map((c) => c.close()));
  }, 60_000);

  it('node loss: clients of a killed node resume on the other one and get exactly the missed messages, then live ones', async () => {
    const [sender, u1, u2, u3] = await users(4, 'k');
    const conv = await group(sender!, [u1!, u2!, u3!], 'survivors');
    const dm = (await rest(cloud.url, 'POST', '/v1/conversations', { token: sender!.token, body: { type: 'direct', userId: u1!.id } })).json.conversation.id as string;
    const c1 = await connect(u1!, 1, 'u1@1');
    const c2 = await connect(u2!, 1, 'u2@1');
    const c3 = await connect(u3!, 2, 'u3@2');

    // The sender keeps sending over REST (no gateway involved), alternating between the group and the DM.
    let sending = true;
    let sentInConv = 0;
    let sentInDm = 0;
    const sender$ = (async () => {
      for (let i = 0; sending; i++) {
        if (i % 3 === 2) sentInDm = (await restSend(sender!, dm, `dm ${i}`)).seq;
        else sentInConv = (await restSend(sender!, conv, `group ${i}`)).seq;
      }
    })();
    await c1.until(() => c1.count(conv) >= 10 && c1.count(dm) >= 3, 30_000, 'some messages before the crash');
    await c2.until(() => c2.count(conv) >= 10, 30_000, 'some messages before the crash');
    await killProcess(gw[0]!.process);
    const [close1, close2] = await Promise.all([c1.closed, c2.closed]);
    expect(close1.code).toBe(1006);
    expect(close2.code).toBe(1006);
    const seen = { u1: { [conv]: c1.lastSeen(conv), [dm]: c1.lastSeen(dm) }, u2: { [conv]: c2.lastSeen(conv) } };
    // Messages go on while they are away.
    const awayFrom = c3.lastSeen(conv);
    await c3.until(() => c3.lastSeen(conv) >= awayFrom + 8, 30_000, 'messages while u1 and u2 are away');

    // Reconnect to node 2 and resume from the last seq seen per conversation.
    // Both send `resume` first thing, as soon as the socket is open and before `ready` (v1 allows
    // it): the only way a client can ask for its missed messages before any live one.
    await Promise.all([
      c1.reconnect(node(2), { early: [{ type: 'resume', ref: 'r1', positions: seen.u1 }] }),
      c2.reconnect(node(2), { early: [{ type: 'resume', ref: 'r2', positions: seen.u2 }] }),
    ]);
    const resumed = async (c: WsClient, id: string) => (await c.waitFor((f, r) => f.type === 'resumed' && f.conversationId === id && r.socket === c.socket, 20_000, `resumed ${id}`)).frame;
    const [r1conv, r1dm, r2conv] = await Promise.all([resumed(c1, conv), resumed(c1, dm), resumed(c2, conv)]);
    expect(r1conv.fromSeq).toBe(seen.u1[conv]);
    expect(r1dm.fromSeq).toBe(seen.u1[dm]);
    expect(r2conv.fromSeq).toBe(seen.u2[conv]);

    // Live delivery continues after the replay.
    await c1.until(() => c1.lastSeen(conv) >= r1conv.toSeq + 5, 30_000, 'live messages after resumed');
    await c2.until(() => c2.lastSeen(conv) >= r2conv.toSeq + 5, 30_000, 'live messages after resumed');
    sending = false;
    await sender$;
    for (const [c, id, last] of [
      [c1, conv, sentInConv],
      [c1, dm, sentInDm],
      [c2, conv, sentInConv],
      [c3, conv, sentInConv],
    ] as const) {
      await c.until(() => c.lastSeen(id) >= last, 20_000, `seq ${last}`);
    }

    // None lost, none twice: every seq exactly once over both sockets, and on the new socket exactly
    // the missed ones and the live ones; the frames before `resumed` are the replay (fromSeq, toSeq],
    // the ones after it are live, in order. Then, as DESIGN §5 asks, all of it in seq order: that
    // last check is soft so a reordering is reported next to everything else that held.
    const byNumber = (x: number, y: number) => x - y;
    const check = (c: WsClient, id: string, from: number, r: { toSeq: number }, last: number) => {
      const socket = c.socket;
      const label = `${c.label} ${id === conv ? 'group' : 'dm'}`;
      expect([...c.seqs(id)].sort(byNumber), `${label}: every seq once over both sockets`).toEqual(range(1, last));
      expect([...c.seqs(id, socket)].sort(byNumber), `${label}: the new socket got exactly what followed the position`).toEqual(range(from + 1, last));
      const frames = c.on(socket).filter((x: Received) => (x.frame.type === 'message.new' && x.frame.message.conversationId === id) || (x.frame.type === 'resumed' && x.frame.conversationId === id));
      const at = frames.findIndex((x) => x.frame.type === 'resumed');
      const replay = frames.slice(0, at).map((x) => x.frame.message.seq as number);
      expect([...replay].sort(byNumber), `${label}: before resumed`).toEqual(range(from + 1, r.toSeq));
      expect(frames.slice(at + 1).map((x) => x.frame.message.seq), `${label}: live after resumed`).toEqual(range(r.toSeq + 1, last));
      // The client sends `resume` with the upgrade, before `ready`: replay and live then arrive in seq order.
      expect(c.seqs(id, socket), `${label}: new socket in seq order (replay first, then live)`).toEqual(range(from + 1, last));
    };
    check(c1, conv, seen.u1[conv]!, r1conv, sentInConv);
    check(c1, dm, seen.u1[dm]!, r1dm, sentInDm);
    check(c2, conv, seen.u2[conv]!, r2conv, sentInConv);
    expect(c3.seqs(conv)).toEqual(range(1, sentInConv));
    expect(seen.u1[conv]).toBeLessThan(awayFrom + 8);
    await Promise.all([c1, c2, c3].map((c) => c.close()));
  }, 120_000);
  it('slow consumer: a client that stops reading is closed with 4001 and the node stays bounded in memory', async () => {
    // Gateway 1 is gone (node-loss test); everything here is on gateway 2.
    const gateway = gw[1]!;
    const [victim, watcher, sender] = await users(3, 's');
    // Several conversations, so the flood's appends do not queue behind one conversation's seq.
    // Two thirds are fed over REST (local cloud), one third over WS (gateway 2): a WS connection has
    // one send in flight, and each connection costs a FerretDB scan per conversation to load.
    const FLOOD_CONVERSATIONS = 12;
    const convs = await Promise.all(range(1, FLOOD_CONVERSATIONS).map((i) => group(sender!, [victim!, watcher!], `flood-${i}`)));
    const v = await connect(victim!, 2, 'victim@2');
    const w = await connect(watcher!, 2, 'watcher@2');
    const senders: WsClient[] = [];
    for (const i of range(1, FLOOD_CONVERSATIONS / 3)) senders.push(await connect(sender!, 2, `sender${i}@2`));
    const pid = gateway.process.pid!;
    const metricsBefore = await fetchMetrics(gateway.httpUrl);
    const closesBefore = metricValue(metricsBefore, 'chat_gateway_slow_consumer_closes_total');
    const connectionsBefore = metricValue(metricsBefore, 'chat_gateway_connections');
    const rssBefore = rssBytes(pid);

    v.pause();
    // The victim still writes: its pings keep it from being closed as idle (4002, after 20-40 s
    // without a pong), which the flood would otherwise race on a slow machine. What is under test
    // is the outgoing bound, not liveness.
    const keepAlive = setInterval(() => v.isOpen() && v.sendRaw({ type: 'ping' }), 5_000);
    // 4000 UTF-16 units (the limit) of a 3-byte character: ~12 KB per message.new frame.
    const text = '界'.repeat(4000);
    const cap = 20 * 1024 * 1024;
    const afterClose = 1024 * 1024;
    let aimed = 0; // message.new bytes for the victim's conversations, as the watcher on the same node got them
    let tallied = 0;
    const tally = () => {
      for (; tallied < w.frames.length; tallied++) if (w.frames[tallied]!.frame.type === 'message.new') aimed += w.frames[tallied]!.bytes;
      return aimed;
    };
    let peakRss = rssBefore;
    let closedAfter: number | undefined;
    let stop = false;
    const sampler = (async () => {
      while (!stop) {
        try {
          peakRss = Math.max(peakRss, rssBytes(pid));
          if (closedAfter === undefined && metricValue(await fetchMetrics(gateway.httpUrl), 'chat_gateway_slow_consumer_closes_total') > closesBefore) {
            closedAfter = tally();
            v.resume(); // read what the server had queued, then its close frame
          }
        } catch {
          // the gateway went away: the assertions below report it
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // Until the server gave up on the victim and 1 MiB more went by (none of which may pile up for
    // it), or 20 MiB in all. The server can only notice once the kernel's socket buffers are full
    // too (~4 MiB send + ~128 KiB receive on this loopback), so the close comes after ~6-7 MiB.
    const enough = () => (closedAfter !== undefined && tally() >= closedAfter + afterClose) || sent * text.length * 3 >= cap;
    let sent = 0;
    const started = Date.now();
    try {
      await Promise.all(
        convs.map(async (conv, i) => {
          while (!enough()) {
            sent++;
            if (i % 3 !== 2) await restSend(sender!, conv, text);
            else await wsSend(senders[(i - 2) / 3]!, conv, text, clientMsgId('flood'), 60_000);
          }
        }),
      );
      await w.until(() => convs.reduce((n, conv) => n + w.count(conv), 0) >= sent, 60_000, 'the whole flood');
    } finally {
      clearInterval(keepAlive);
      stop = true;
      await sampler;
    }
    const floodMs = Date.now() - started;
    const closed = await Promise.race([v.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000))]);
    const metricsAfter = await fetchMetrics(gateway.httpUrl);
    const rssAfter = rssBytes(pid);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      [
        `[e2e slow consumer] ${sent} messages, ${mib(tally())} MiB of message.new aimed at the paused client in ${floodMs} ms`,
        `  gateway 2 closed it once ${closedAfter === undefined ? '?' : mib(closedAfter)} MiB had been aimed at it; resumed, the client read ${mib(v.frames.reduce((n, r) => n + r.bytes, 0))} MiB, then close ${closed?.code} ${closed?.reason}`,
        `  gateway 2 RSS: before ${mib(rssBefore)} MiB, peak ${mib(peakRss)} MiB (+${mib(peakRss - rssBefore)}), after ${mib(rssAfter)} MiB`,
        `  metrics: chat_gateway_slow_consumer_closes_total ${closesBefore} → ${metricValue(metricsAfter, 'chat_gateway_slow_consumer_closes_total')}, chat_gateway_connections ${connectionsBefore} → ${metricValue(metricsAfter, 'chat_gateway_connections')}`,
      ].join('\n'),
    );
    expect(closed).toEqual({ code: 4001, reason: expect.any(String) });
    expect(closedAfter).toBeDefined();
    expect(tally()).toBeGreaterThanOrEqual(closedAfter! + afterClose);
    expect(metricValue(metricsAfter, 'chat_gateway_slow_consumer_closes_total')).toBe(closesBefore + 1);
    expect(metricValue(metricsAfter, 'chat_gateway_connections')).toBe(connectionsBefore - 1);
    expect(peakRss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    // What the victim read before the close frame is what the server had queued when it gave up:
    // at most the bound (1 MiB) plus the kernel's socket buffers, far less than the flood.
    expect(v.frames.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(closedAfter! + 1024 * 1024);
    // The watcher, reading normally on the same node, got the whole flood in order.
    for (const conv of convs) expect(w.seqs(conv)).toEqual(range(1, w.count(conv)));
    await Promise.all([w, ...senders].map((c) => c.close()));
  }, 300_000);
});
