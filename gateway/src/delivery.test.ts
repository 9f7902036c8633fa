import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaView } from '@chat/core/domain/media/media-view';
import { conversationChannel } from '@chat/core/ports/realtime-bus';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient, until } from './test-support/ws-client.js';

let cluster: Cluster;
let a: number;
let b: number;
const clients: TestClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function connect(port: number, userId: string): Promise<TestClient> {
  const client = await TestClient.ready(port, await cluster.tokens.issue(userId));
  clients.push(client);
  return client;
}

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2, limits: { gapWaitMs: 50 } });
  [a, b] = cluster.nodes.map((n) => n.port) as [number, number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.close();
});

describe('fan-out across nodes', () => {
  it('delivers every message once, in seq order, to every member connection on every node', async () => {
    const conv = cluster.chat.createConversation(['ann', 'ben', 'cat']);
    const ann = await connect(a, 'ann');
    const ben = await connect(b, 'ben');
    const benPhone = await connect(a, 'ben');
    const cat = await connect(b, 'cat');
    const n = 60;
    // Sends from two nodes at once; acks carry the persisted message.
    await Promise.all(
      range(1, n).map((i) => (i % 2 ? ann : ben).send({ type: 'message.send', ref: `r${i}`, conversationId: conv, clientMsgId: `m${i}`, text: `hi ${i}` })),
    );
    for (const c of [ann, ben, benPhone, cat]) await until(() => c.seqs(conv).length >= n, 5_000, 'all messages');
    await sleep(50);
    for (const c of [ann, ben, benPhone, cat]) expect(c.seqs(conv)).toEqual(range(1, n));
    expect(ann.of('ack')).toHaveLength(n / 2);
    expect(ann.of('ack')[0]).toMatchObject({ ref: 'r1', message: { conversationId: conv, clientMsgId: 'm1' } });
  });

  it('answers a failed send with an error frame and keeps the connection', async () => {
    const other = cluster.chat.createConversation(['dan', 'eve']);
    const ann = await connect(a, 'ann');
    ann.send({ type: 'message.send', ref: 'x1', conversationId: other, clientMsgId: 'nope', text: 'hi' });
    expect(await ann.next('error', (f) => f.ref === 'x1')).toMatchObject({ error: { code: 'not_found', message: expect.any(String), details: [] } });
    ann.send({ type: 'message.send', ref: 'x2', conversationId: other, text: 'no clientMsgId' });
    expect(await ann.next('error', (f) => f.ref === 'x2')).toMatchObject({ error: { code: 'validation_failed' } });
    ann.send({ type: 'ping', ref: 'p' });
    expect(await ann.next('pong')).toMatchObject({ ref: 'p' });
    expect(ann.closeCode).toBeUndefined();
  });

  it('starts a fresh connection at the newest message (no history without resume)', async () => {
    const conv = cluster.chat.createConversation(['fay', 'gus']);
    for (let i = 0; i < 3; i++)
      await cluster.chat.sendMessage({ userId: 'gus', accessToken: '' }, { conversationId: conv, clientMsgId: `old${i}`, text: 'old' });
    const fay = await connect(b, 'fay');
    await cluster.chat.sendMessage({ userId: 'gus', accessToken: '' }, { conversationId: conv, clientMsgId: 'new', text: 'new' });
    await until(() => fay.seqs(conv).length === 1);
    expect(fay.seqs(conv)).toEqual([4]);
  });

  it('catches up on a message sent between reading the memberships and subscribing', async () => {
    const conv = cluster.chat.createConversation(['qui', 'rex']);
    const memberships = cluster.chat.memberships.bind(cluster.chat);
    let calls = 0;
    cluster.chat.memberships = async (caller) => {
      const result = await memberships(caller);
      // Sent and published before this node subscribed to the conversation: nobody here hears it.
      if (caller.userId === 'qui' && calls++ === 0)
        await cluster.chat.sendMessage({ userId: 'rex', accessToken: '' }, { conversationId: conv, clientMsgId: 'race', text: 'race' });
      return result;
    };
    const qui = await connect(a, 'qui');
    cluster.chat.memberships = memberships;
    await until(() => qui.seqs(conv).length === 1);
    expect(qui.seqs(conv)).toEqual([1]);
  });
});

describe('ordering', () => {
  it('holds a message published ahead of its predecessor and delivers both in order', async () => {
    const conv = cluster.chat.createConversation(['hal', 'ida']);
    const ida = await connect(b, 'ida');
    const two = cluster.chat.persist('hal', conv, 'one');
    const three = cluster.chat.persist('hal', conv, 'two');
    const calls = cluster.chat.historyCalls;
    await cluster.chat.publish(`conv:${conv}`, three.event);
    await cluster.chat.publish(`conv:${conv}`, two.event);
    await until(() => ida.seqs(conv).length === 2);
    expect(ida.seqs(conv)).toEqual([1, 2]);
    expect(cluster.chat.historyCalls).toBe(calls);
  });

  it('fetches a gap from the store when the missing messages never arrive', async () => {
    const conv = cluster.chat.createConversation(['hal', 'jon']);
    const jon = await connect(a, 'jon');
    const events: RealtimeEvent[] = range(1, 5).map(() => cluster.chat.persist('hal', conv, 'x').event);
    // 2 and 3 are lost on the bus; 5 arrives before 4.
    for (const i of [0, 4, 3]) await cluster.chat.publish(`conv:${conv}`, events[i]!);
    await until(() => jon.seqs(conv).length === 5);
    await sleep(100);
    expect(jon.seqs(conv)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops duplicates published twice', async () => {
    const conv = cluster.chat.createConversation(['hal', 'kim']);
    const kim = await connect(b, 'kim');
    const one = cluster.chat.persist('hal', conv, 'x');
    await cluster.chat.publish(`conv:${conv}`, one.event);
    await cluster.chat.publish(`conv:${conv}`, one.event);
    await until(() => kim.seqs(conv).length === 1);
    await sleep(50);
    expect(kim.seqs(conv)).toEqual([1]);
  });
});

describe('membership', () => {
  it('stops delivery at once to a removed member, on every device, and starts it for an added one', async () => {
    const conv = cluster.chat.createConversation(['lea', 'max']);
    const lea = await connect(a, 'lea');
    const leaTablet = await connect(b, 'lea');
    const max = await connect(b, 'max');
    const ned = await connect(a, 'ned');
    const send = (text: string) => cluster.chat.sendMessage({ userId: 'max', accessToken: '' }, { conversationId: conv, clientMsgId: text, text });
    await send('before');
    await until(() => lea.seqs(conv).length === 1 && leaTablet.seqs(conv).length === 1);
    await cluster.chat.removeMember(conv, 'lea');
    const withoutLea = cluster.chat.view(conv);
    await cluster.chat.addMember(conv, 'ned');
    const withNed = cluster.chat.view(conv);
    await sleep(30);
    await send('after');
    await until(() => max.seqs(conv).length === 2 && ned.seqs(conv).length === 1);
    await sleep(50);
    expect(lea.seqs(conv)).toEqual([1]);
    expect(leaTablet.seqs(conv)).toEqual([1]);
    expect(ned.seqs(conv)).toEqual([2]);
    // Each of the removed member's devices is told once, with the conversation as it now is.
    for (const device of [lea, leaTablet]) {
      const updates = device.frames.filter((f) => f.type === 'conversation.updated');
      expect(updates).toEqual([{ type: 'conversation.updated', conversation: withoutLea }]);
      expect(withoutLea.members!.map((m) => m.userId)).toEqual(['max']);
    }
    // The added member is told what the conversation now is, once subscribed (its list shows it).
    expect(ned.frames.filter((f) => f.type === 'conversation.updated')).toEqual([{ type: 'conversation.updated', conversation: withNed }]);
    // A removed member cannot type into the conversation either.
    lea.send({ type: 'typing', ref: 't', conversationId: conv, state: 'start' });
    expect(await lea.next('error', (f) => f.ref === 't')).toMatchObject({ error: { code: 'not_found' } });
  });

  it('sends read events to the other members and the reader’s other devices', async () => {
    const conv = cluster.chat.createConversation(['oli', 'pam']);
    const oli = await connect(a, 'oli');
    const oliPhone = await connect(b, 'oli');
    const pam = await connect(b, 'pam');
    oli.send({ type: 'read', conversationId: conv, seq: 0 });
    for (const c of [oli, oliPhone, pam]) expect(await c.next('read')).toEqual({ type: 'read', conversationId: conv, userId: 'oli', seq: 0 });
  });

  it('forwards media.updated to the recipients connected on every node, without the recipients list', async () => {
    // wes is a member but not among the recipients (as if removed before the media was processed).
    const conv = cluster.chat.createConversation(['uma', 'vic', 'wes']);
    const uma = await connect(a, 'uma');
    const vic = await connect(b, 'vic');
    const wes = await connect(b, 'wes');
    const media: MediaView = {
      id: 'media-1',
      conversationId: conv,
      ownerId: 'uma',
      fileName: 'beach.jpg',
      contentType: 'image/jpeg',
      kind: 'image',
      size: 1234,
      status: 'ready',
      width: 800,
      height: 1200,
      durationMs: null,
      createdAt: new Date().toISOString(),
    };
    await cluster.bus.publish(conversationChannel(conv), { type: 'media.updated', media, recipients: ['uma', 'vic'] });
    for (const c of [uma, vic]) expect(await c.next('media.updated')).toEqual({ type: 'media.updated', media });
    await sleep(50);
    expect(wes.of('media.updated')).toEqual([]);
  });
});
