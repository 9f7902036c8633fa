import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatClient, MemoryTokenStore, type WebSocketConstructor } from '@chat/client';
import { freePort } from '../../scripts/lib/free-port.js';
import { killProcess } from '../support/gateway-process.js';
import { range, useTopology } from './topology.js';

/**
 * @chat/client end to end: ChatClients in this process against the local cloud (REST) and two
 * standalone gateway processes on real services (topology.ts). The network is switched off the way
 * a phone loses it: the sockets die without a close frame, fetches fail, new sockets cannot connect.
 */

interface Net {
  online: boolean;
  sockets: WebSocket[];
  /** Terminate a socket right after it has written its next `message.send` (the ack is then lost). */
  dropAfterNextSend: boolean;
}

function networked(net: Net) {
  const fetcher = (input: string, init?: RequestInit) => (net.online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed (offline)')));
  class NetSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { perMessageDeflate: false });
      net.sockets.push(this);
    }
    override send(data: string): void {
      super.send(data);
      if (net.dropAfterNextSend && data.includes('"message.send"')) {
        net.dropAfterNextSend = false;
        this.terminate();
      }
    }
  }
  return { fetch: fetcher, WebSocket: NetSocket as unknown as WebSocketConstructor };
}

function goOffline(net: Net) {
  net.online = false;
  for (const s of net.sockets) s.terminate();
}

const until = async (condition: () => boolean, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('@chat/client end to end: local cloud + two gateway processes', () => {
  const t = useTopology('sdk');
  let n = 0;
  const suffix = `${Date.now().toString(36).slice(-5)}${process.pid % 100}`;

  async function newClient(wsUrl: () => string, net: Net = { online: true, sockets: [], dropAfterNextSend: false }) {
    const { fetch: f, WebSocket: W } = networked(net);
    // Where sockets go while offline: a port nobody listens on (connection refused).
    const deadPort = await freePort();
    const client = new ChatClient({
      baseUrl: t.cloud.url,
      wsUrl: () => (net.online ? wsUrl() : `ws://127.0.0.1:${deadPort}/ws`),
      fetch: f,
      WebSocket: W,
      tokenStore: new MemoryTokenStore(),
      realtime: { backoff: { baseMs: 50, maxMs: 400 } },
    });
    const name = `sdk${++n}_${suffix}`;
    const { user } = await client.rest.register({ username: name, email: `${name}@example.com`, password: 'a long enough passphrase' });
    return { client, user, net };
  }

  it('REST through the SDK: register, search, direct conversation, rotation on refresh, typed errors, logout signs out and closes the socket', async () => {
    const alice = await newClient(() => t.node(1));
    const bob = await newClient(() => t.node(1));
    const found = await alice.client.rest.searchUsers({ q: bob.user.username });
    expect(found.items.map((u) => u.id)).toContain(bob.user.id);
    const { conversation } = await alice.client.rest.createConversation({ type: 'direct', userId: bob.user.id });
    expect(conversation.type).toBe('direct');

    const before = await alice.client.session.tokens();
    await alice.client.rest.refresh();
    const after = await alice.client.session.tokens();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect((await alice.client.rest.me()).user.id).toBe(alice.user.id);

    const error = await alice.client.rest.getConversation('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });

    await alice.client.start();
    await until(() => alice.client.realtime.status === 'open', 'alice open');
    const events: string[] = [];
    alice.client.events.on('signedOut', (e) => events.push(e.reason));
    await alice.client.rest.logout();
    expect(events).toEqual(['logout']);
    expect(alice.client.realtime.status).toBe('stopped');
    await expect(alice.client.rest.me()).rejects.toMatchObject({ status: 401 });
  });

  it('a gateway process is killed: the client moves to the other node and resumes; its store has every message once, in seq order', async () => {
    let node: 1 | 2 = 1;
    const alice = await newClient(() => t.node(node));
    const bob = await newClient(() => t.node(2));
    const conv = (await bob.client.rest.createConversation({ type: 'group', title: 'sdk resume', memberIds: [alice.user.id] })).conversation.id;
    await alice.client.start();
    await until(() => alice.client.realtime.status === 'open', 'alice open');
    await alice.client.open(conv);
    const frames: number[] = [];
    alice.client.realtime.events.on('frame', (f) => f.type === 'message.new' && f.message.conversationId === conv && frames.push(f.message.seq));
    const store = alice.client.conversation(conv);

    const send = async (count: number) => {
      for (let i = 0; i < count; i++) await bob.client.rest.sendMessage(conv, { clientMsgId: `b-${Date.now()}-${Math.random()}`, text: `m${i}` });
    };
    await send(5);
    await until(() => store.position === 5, 'first five live');
    node = 2;
    await killProcess(t.gateway(1).process);
    await send(6); // while alice is away
    await until(() => store.position === 11 && alice.client.realtime.status === 'open', 'resumed on node 2');
    await send(3);
    await until(() => store.position === 14, 'live after resume');

    expect(store.sorted().map((m) => m.seq)).toEqual(range(1, 14));
    // The socket frames themselves: never a seq twice, always ascending (resume sent before ready).
    expect(frames).toEqual(range(1, 14));
    const history = await bob.client.rest.listMessages(conv, { afterSeq: 0, limit: 200 });
    expect(store.sorted().map((m) => m.id)).toEqual(history.items.map((m) => m.id));

    // A gap (a message beyond what the store holds, as after a missed stretch): filled over REST.
    const carol = await newClient(() => t.node(2));
    await bob.client.rest.addMembers(conv, { userIds: [carol.user.id] });
    const carolStore = await carol.client.open(conv, 3);
    expect(carolStore.sorted().map((m) => m.seq)).toEqual([12, 13, 14]);
    await send(4);
    const latest = (await bob.client.rest.listMessages(conv, { afterSeq: 17 })).items[0]!;
    expect(carolStore.applyNew(latest)).toBe(true);
    await until(() => carolStore.position === 18, 'gap 15..17 fetched');
    expect(carolStore.sorted().map((m) => m.seq)).toEqual(range(12, 18));
    alice.client.stop();
    bob.client.stop();
  });

  it('offline: messages sent while the network is gone go out when it is back, each once and in order; a lost ack is retried with the same clientMsgId', async () => {
    const alice = await newClient(() => t.node(2));
    const bob = await newClient(() => t.node(2));
    const conv = (await alice.client.rest.createConversation({ type: 'direct', userId: bob.user.id })).conversation.id;
    await Promise.all([alice.client.start(), bob.client.start()]);
    await until(() => alice.client.realtime.status === 'open' && bob.client.realtime.status === 'open', 'both open');
    const bobSeen: string[] = [];
    bob.client.realtime.events.on('frame', (f) => f.type === 'message.new' && f.message.conversationId === conv && bobSeen.push(f.message.clientMsgId));

    goOffline(alice.net);
    await until(() => alice.client.realtime.status === 'reconnecting', 'alice notices');
    const queued = [];
    for (const text of ['one', 'two', 'three']) queued.push(await alice.client.send(conv, { text }));
    await new Promise((r) => setTimeout(r, 500)); // attempts fail meanwhile
    expect(alice.client.queue.list(conv)).toHaveLength(3);
    expect(bobSeen).toEqual([]);

    alice.net.online = true;
    alice.client.realtime.retryNow();
    await until(() => alice.client.queue.list().length === 0, 'queue drained');
    await until(() => bobSeen.length >= 3, 'bob has them');

    // The ack of the next one is lost with its socket; the queue resends it with the same id.
    alice.net.dropAfterNextSend = true;
    const lost = await alice.client.send(conv, { text: 'four' });
    await until(() => alice.client.queue.list().length === 0, 'lost ack retried');
    await until(() => bobSeen.includes(lost.clientMsgId), 'bob has four');
    expect(alice.net.dropAfterNextSend).toBe(false); // the socket did die right after the send
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up, if there were one

    const ids = [...queued.map((q) => q.clientMsgId), lost.clientMsgId];
    expect(bobSeen).toEqual(ids);
    const history = await bob.client.rest.listMessages(conv, { afterSeq: 0, limit: 200 });
    expect(history.items.map((m) => [m.clientMsgId, m.text])).toEqual([
      [ids[0], 'one'],
      [ids[1], 'two'],
      [ids[2], 'three'],
      [ids[3], 'four'],
    ]);
    const aliceStore = await alice.client.open(conv);
    expect(aliceStore.sorted().map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
    expect(bob.client.conversation(conv).unread).toBe(4);
    alice.client.stop();
    bob.client.stop();
  });
});
