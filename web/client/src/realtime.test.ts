import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '@chat/gateway/test-support/cluster';
import { CloseCode as GatewayCloseCode } from '@chat/gateway/protocol';
import { CloseCode, closeAction } from './close-codes.js';
import { RealtimeConnection, type RealtimeOptions } from './realtime.js';
import type { MessageView, ServerFrame } from './types.js';
import { gatewayCluster, recordingWebSocket, testSession, until, wsUrl } from './test-support/gateway.js';

let cluster: Cluster;
const open: RealtimeConnection[] = [];
beforeAll(async () => {
  cluster = await gatewayCluster(2);
});
afterAll(async () => {
  for (const c of open) c.disconnect();
  await cluster.close();
});

/** A connection that records `message.new` frames and keeps positions as a store would. */
async function client(userId: string, options: Partial<RealtimeOptions> & { token?: string } = {}) {
  const { session, refreshes, revoke } = await testSession(cluster, userId, options.token);
  const rec = recordingWebSocket();
  const messages: MessageView[] = [];
  const frames: ServerFrame[] = [];
  const positions: Record<string, number> = {};
  const conn = new RealtimeConnection({
    url: wsUrl(cluster),
    session,
    WebSocket: rec.WebSocket,
    positions: () => ({ ...positions }),
    backoff: { baseMs: 20, maxMs: 200 },
    ...options,
  });
  conn.events.on('frame', (f) => {
    frames.push(f);
    if (f.type === 'message.new') {
      messages.push(f.message);
      positions[f.message.conversationId] = Math.max(positions[f.message.conversationId] ?? 0, f.message.seq);
    }
  });
  open.push(conn);
  return { conn, rec, messages, frames, positions, refreshes, revoke, session };
}

const ready = (conn: RealtimeConnection) => until(() => conn.status === 'open', 5_000, 'open');
const seqs = (ms: MessageView[], conv: string) => ms.filter((m) => m.conversationId === conv).map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const zed = { userId: 'zed', accessToken: '' };
const seed = async (conv: string, n: number) => {
  for (let i = 0; i < n; i++) await cluster.chat.sendMessage(zed, { conversationId: conv, clientMsgId: `z-${conv}-${Math.random()}`, text: 'x' });
};

describe('RealtimeConnection against real gateway nodes', () => {
  it('close codes are the gateway’s and map to reconnect / refresh / stop', () => {
    expect(CloseCode).toEqual(GatewayCloseCode);
    expect([4000, 4001, 4002, 4003, 1006, 1001].map(closeAction)).toEqual(Array(6).fill('reconnect'));
    expect(closeAction(4101)).toBe('refresh-then-reconnect');
    expect([4100, 4102, 4150].map(closeAction)).toEqual(['stop', 'stop', 'stop']);
  });

  it('authenticates with chat.v1 + bearer subprotocols, sends with ack, pings', async () => {
    const conv = cluster.chat.createConversation(['ann', 'zed']);
    const { conn, rec, frames } = await client('ann', { pingIntervalMs: 50 });
    const states: string[] = [];
    conn.events.on('state', (s) => states.push(s));
    conn.connect();
    await ready(conn);
    expect(states).toEqual(['connecting', 'open']);
    expect(rec.protocols[0]).toEqual(['chat.v1', expect.stringMatching(/^bearer\.ey/)]);
    const message = await conn.sendMessage({ conversationId: conv, clientMsgId: 'ann-1', text: 'hello' });
    expect(message).toMatchObject({ conversationId: conv, seq: 1, senderId: 'ann', text: 'hello' });
    await until(() => frames.some((f) => f.type === 'pong'), 2_000, 'pong');
    await expect(conn.sendMessage({ conversationId: 'c-nope', clientMsgId: 'x', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    conn.disconnect();
    expect(conn.status).toBe('stopped');
    expect(conn.send({ type: 'ping' })).toBe(false);
  });

  it('a drained node (4000): reconnects to the other node and resumes every missed message once, in order', async () => {
    const conv = cluster.chat.createConversation(['bea', 'zed']);
    let node = 0;
    const { conn, messages, positions } = await client('bea', { url: () => wsUrl(cluster, node) });
    conn.connect();
    await ready(conn);
    await seed(conv, 5);
    await until(() => positions[conv] === 5, 5_000, 'first five');
    const closes: number[] = [];
    conn.events.on('closed', (c) => closes.push(c.code));
    conn.events.on('closed', () => {
      node = 1;
      void seed(conv, 5); // while away
    });
    await cluster.nodes[0]!.drain();
    await until(() => positions[conv] === 10 && conn.status === 'open', 10_000, 'resumed on node 2');
    await seed(conv, 3);
    await until(() => positions[conv] === 13, 5_000, 'live after resume');
    expect(closes[0]).toBe(4000);
    expect(seqs(messages, conv)).toEqual(range(1, 13));
  });

  it('a killed socket (no close frame): reconnects with back-off and resumes', async () => {
    const conv = cluster.chat.createConversation(['cat', 'zed']);
    const { conn, rec, messages, positions } = await client('cat', { url: wsUrl(cluster, 1) });
    conn.connect();
    await ready(conn);
    await seed(conv, 3);
    await until(() => positions[conv] === 3);
    rec.sockets[0]!.terminate();
    await seed(conv, 4);
    await until(() => positions[conv] === 7 && conn.status === 'open', 10_000, 'resume after kill');
    expect(rec.sockets.length).toBe(2);
    expect(seqs(messages, conv)).toEqual(range(1, 7));
  });

  it('4101 token expired: refreshes first, then reconnects and resumes', async () => {
    const conv = cluster.chat.createConversation(['dan', 'zed']);
    const token = await cluster.tokens.expiringIn('dan', 2);
    const { conn, messages, positions, refreshes } = await client('dan', { url: wsUrl(cluster, 1), token });
    const closes: number[] = [];
    conn.events.on('closed', (c) => closes.push(c.code));
    conn.connect();
    await ready(conn);
    await seed(conv, 2);
    await until(() => positions[conv] === 2);
    await until(() => closes.length === 1, 5_000, 'expiry close');
    await seed(conv, 2);
    await until(() => positions[conv] === 4 && conn.status === 'open', 5_000, 'back after refresh');
    expect(closes).toEqual([4101]);
    expect(refreshes()).toBe(1);
    expect(seqs(messages, conv)).toEqual(range(1, 4));
  });

  it('4101 with a session whose refresh is refused: stops and signs out; 4100: stops without retrying', async () => {
    const token = await cluster.tokens.expiringIn('eve', 1);
    const a = await client('eve', { url: wsUrl(cluster, 1), token });
    const signedOut: string[] = [];
    a.session.events.on('signedOut', (e) => signedOut.push(e.reason));
    a.revoke();
    a.conn.connect();
    await until(() => a.conn.status === 'stopped', 5_000, 'stopped');
    expect(signedOut).toEqual(['session_revoked']);

    const b = await client('fay', { url: wsUrl(cluster, 1), token: 'not-a-jwt' });
    const closed: (number | undefined)[] = [];
    b.conn.events.on('closed', (c) => closed.push(c.code, c.retryInMs));
    b.conn.connect();
    await until(() => b.conn.status === 'stopped', 5_000, 'stopped');
    expect(closed).toEqual([4100, undefined]);
    expect(b.rec.sockets.length).toBe(1);
    expect(b.refreshes()).toBe(0);
  });

  it('no pong: drops the silent socket and reconnects', async () => {
    const { conn, rec } = await client('gus', { url: wsUrl(cluster, 1), pingIntervalMs: 30, pongTimeoutMs: 50 });
    conn.connect();
    await ready(conn);
    // The network goes silent: the server's frames stop arriving, and no close comes.
    rec.sockets[0]!.pause();
    await until(() => rec.sockets.length === 2 && conn.status === 'open', 5_000, 'reconnected');
    rec.sockets[0]!.terminate();
  });

  it('network back while the socket looks open: pings at once, and replaces the socket if it died', async () => {
    // A ping interval far beyond the test: only retryNow's probe can notice the silent socket.
    const { conn, rec } = await client('gil', { url: wsUrl(cluster, 1), pingIntervalMs: 60_000, pongTimeoutMs: 50 });
    conn.connect();
    await ready(conn);
    conn.retryNow();
    // A live socket answers the probe and stays.
    await new Promise((r) => setTimeout(r, 200));
    expect([rec.sockets.length, conn.status]).toEqual([1, 'open']);
    rec.sockets[0]!.pause();
    conn.retryNow();
    await until(() => rec.sockets.length === 2 && conn.status === 'open', 5_000, 'reconnected');
    rec.sockets[0]!.terminate();
    conn.disconnect();
  });

  it('presence.query: tells who among those sharing a conversation is online already', async () => {
    cluster.chat.createConversation(['pat', 'pru']);
    // On the second node: the first was drained by a test above.
    const { conn: pat } = await client('pat', { url: wsUrl(cluster, 1) });
    pat.connect();
    await ready(pat);
    const { conn: pru, frames } = await client('pru', { url: wsUrl(cluster, 1) });
    expect(pru.queryPresence(['pat'])).toBe(false); // not open yet: the SDK asks again on `ready`
    pru.connect();
    await ready(pru);
    expect(pru.queryPresence(['pat', 'zed'])).toBe(true);
    await until(() => frames.some((f) => f.type === 'presence' && f.userId === 'pat' && f.status === 'online'), 5_000, 'presence of pat');
    pat.disconnect();
    pru.disconnect();
  });

  it('typing: start at most once per interval, stop only after a start; others see it', async () => {
    const conv = cluster.chat.createConversation(['hal', 'ida']);
    const hal = await client('hal', { url: wsUrl(cluster, 1), typingIntervalMs: 1_000 });
    const ida = await client('ida', { url: wsUrl(cluster, 1) });
    hal.conn.connect();
    ida.conn.connect();
    await Promise.all([ready(hal.conn), ready(ida.conn)]);
    expect(hal.conn.typing(conv, 'stop')).toBe(false);
    expect(hal.conn.typing(conv, 'start', 1_000)).toBe(true);
    expect(hal.conn.typing(conv, 'start', 1_500)).toBe(false);
    expect(hal.conn.typing(conv, 'stop', 1_600)).toBe(true);
    expect(hal.conn.typing(conv, 'start', 1_700)).toBe(true);
    await until(() => ida.frames.filter((f) => f.type === 'typing').length === 3, 3_000, 'typing relayed');
    expect(ida.frames.filter((f) => f.type === 'typing').map((f) => (f.type === 'typing' ? f.state : ''))).toEqual(['start', 'stop', 'start']);
  });
});
