import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatClient, MemoryTokenStore, type WebSocketConstructor } from '@chat/client';
import { freePort } from '../../scripts/lib/free-port.js';
import { killProcess } from '../support/gateway-process.js';
import { phonePhoto } from '../support/media.js';
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
    // Logging in again on the started client reconnects it by itself.
    await alice.client.rest.login({ login: alice.user.username, password: 'a long enough passphrase' });
    await until(() => alice.client.realtime.status === 'open', 'alice open again after login');
    expect(alice.client.userId).toBe(alice.user.id);
    alice.client.stop();
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
    expect(alice.client.timeline(conv).map((e) => (e.kind === 'queued' ? e.item.text : '?'))).toEqual(['one', 'two', 'three']);
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
    expect(alice.client.timeline(conv).map((e) => e.kind)).toEqual(['message', 'message', 'message', 'message']);
    const bobRoom = bob.client.conversation(conv);
    expect(bobRoom.unread).toBe(4);

    // Typing and read receipts through the clients.
    alice.client.typing(conv, 'start');
    await until(() => bobRoom.typingUsers().includes(alice.user.id), 'bob sees alice typing');
    await bob.client.markRead(conv, 4);
    expect(bobRoom.unread).toBe(0);
    await until(() => alice.client.conversation(conv).seenBy(4).includes(bob.user.id), 'alice sees bob has read');
    alice.client.stop();
    bob.client.stop();
  });

  it('the README’s echo bot, as written there, answers a message', async () => {
    const name = `bot_${suffix}`;
    const bot = new ChatClient({ baseUrl: t.cloud.url, WebSocket, wsUrl: t.node(2) });
    const { user: botUser } = await bot.rest.register({ username: name, email: `${name}@example.com`, password: 'a long enough passphrase' });
    await bot.rest.logout(); // so that the README's code below starts from a login
    // From web/client/README.md ("In Node 20"), with the bot's name:
    await bot.rest.login({ login: name, password: 'a long enough passphrase' });
    await bot.start();
    bot.realtime.events.on('frame', (frame) => {
      if (frame.type === 'message.new' && frame.message.senderId !== bot.userId && frame.message.text)
        void bot.send(frame.message.conversationId, { text: `echo: ${frame.message.text}`, replyToSeq: frame.message.seq });
    });
    await until(() => bot.realtime.status === 'open', 'bot open');

    const user = await newClient(() => t.node(2));
    const conv = (await user.client.rest.createConversation({ type: 'direct', userId: botUser.id })).conversation.id;
    await user.client.start();
    await until(() => user.client.realtime.status === 'open', 'user open');
    const room = user.client.conversation(conv);
    await user.client.send(conv, { text: 'ping' });
    await until(() => room.sorted().some((m) => m.text === 'echo: ping'), 'the echo');
    expect(room.sorted().map((m) => [m.seq, m.text, m.replyToSeq])).toEqual([
      [1, 'ping', null],
      [2, 'echo: ping', 1],
    ]);
    bot.stop();
    user.client.stop();
  });

  it('calls: alice rings bob, bob answers, signals cross both ways, alice hangs up; stores follow and the call message lands', async () => {
    const alice = await newClient(() => t.node(2));
    const bob = await newClient(() => t.node(2));
    const conv = (await alice.client.rest.createConversation({ type: 'direct', userId: bob.user.id })).conversation.id;
    await Promise.all([alice.client.start(), bob.client.start()]);
    await until(() => alice.client.realtime.status === 'open' && bob.client.realtime.status === 'open', 'both open');
    const signals: { to: string; data: unknown }[] = [];
    for (const [who, c] of [
      ['alice', alice],
      ['bob', bob],
    ] as const)
      c.client.events.on('frame', (f) => f.type === 'call.signal' && signals.push({ to: who, data: f.data }));

    const started = await alice.client.startCall(conv, 'audio');
    expect(started.credentials.provider).toBe('local');
    expect(alice.client.conversation(conv).activeCall?.state).toBe('ringing');
    const bobRoom = bob.client.conversation(conv);
    await until(() => bobRoom.activeCall?.id === started.call.id, 'bob rings');
    const joined = await bob.client.joinCall(started.call.id);
    expect(joined.call.state).toBe('active');
    await until(() => alice.client.conversation(conv).calls.some((c) => c.type === 'call.accepted'), 'alice hears accepted');

    expect(alice.client.realtime.signal(started.call.id, bob.user.id, { sdp: 'offer' })).toBe(true);
    expect(bob.client.realtime.signal(started.call.id, alice.user.id, { sdp: 'answer' })).toBe(true);
    await until(() => signals.length === 2, 'both signals');
    expect(signals).toEqual(
      expect.arrayContaining([
        { to: 'bob', data: { sdp: 'offer' } },
        { to: 'alice', data: { sdp: 'answer' } },
      ]),
    );

    const ended = await alice.client.callAction(started.call.id, 'end');
    expect(ended.state).toBe('ended');
    expect(alice.client.conversation(conv).activeCall).toBeUndefined();
    await until(() => bobRoom.activeCall === undefined && bobRoom.calls.some((c) => c.type === 'call.ended'), 'bob hears ended');
    await until(() => bobRoom.sorted().some((m) => m.kind === 'call' && m.call?.callId === started.call.id), 'the call message');
    const page = await bob.client.rest.listCalls({ conversationId: conv });
    expect(page.items.map((c) => c.id)).toEqual([started.call.id]);
    alice.client.stop();
    bob.client.stop();
  });

  it('media: uploads a photo through the SDK (grant, PUT with progress, complete), sends it, and the member gets media.updated once processed', async () => {
    const alice = await newClient(() => t.node(2));
    const bob = await newClient(() => t.node(2));
    const conv = (await alice.client.rest.createConversation({ type: 'direct', userId: bob.user.id })).conversation.id;
    await Promise.all([alice.client.start(), bob.client.start()]);
    await until(() => bob.client.realtime.status === 'open', 'bob open');
    const ready: string[] = [];
    bob.client.events.on('media', (m) => m.status === 'ready' && ready.push(m.id));
    const photo = await phonePhoto();
    const progress: [number, number][] = [];
    const media = await alice.client.uploadMedia(
      conv,
      { name: 'beach.jpg', type: 'image/jpeg', body: new Uint8Array(photo) },
      { onProgress: (sent, total) => progress.push([sent, total]) },
    );
    expect(media).toMatchObject({ conversationId: conv, kind: 'image', size: photo.length });
    expect(progress.at(-1)).toEqual([photo.length, photo.length]);
    await alice.client.send(conv, { text: 'look', attachments: [{ mediaId: media.id }] });
    const room = bob.client.conversation(conv);
    await until(() => room.sorted().some((m) => m.attachments[0]?.mediaId === media.id), 'bob has the message with the photo');
    await until(() => ready.includes(media.id), 'media.updated ready', 30_000);
    const got = await bob.client.rest.getMedia(media.id);
    expect(got.url).toEqual(expect.any(String));
    const uploadedError = await alice.client.rest.completeUpload('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(uploadedError).toMatchObject({ status: 404 });
    alice.client.stop();
    bob.client.stop();
  }, 60_000);
});
