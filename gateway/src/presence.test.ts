import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient, until } from './test-support/ws-client.js';

let cluster: Cluster;
let a: number;
let b: number;
const clients: TestClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connect(port: number, userId: string): Promise<TestClient> {
  const client = await TestClient.ready(port, await cluster.tokens.issue(userId));
  clients.push(client);
  return client;
}

const presenceOf = (client: TestClient, userId: string) => client.of('presence').filter((f) => f.userId === userId);

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2, presenceTtlMs: 1_000, limits: { presenceHeartbeatMs: 100, presenceSweepMs: 50 } });
  [a, b] = cluster.nodes.map((n) => n.port) as [number, number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.close();
});

describe('typing', () => {
  it('relays typing to the other members’ connections only', async () => {
    const conv = cluster.chat.createConversation(['tia', 'ugo', 'vic']);
    cluster.chat.createConversation(['tia', 'wes']);
    const tia = await connect(a, 'tia');
    const tiaPhone = await connect(b, 'tia');
    const ugo = await connect(b, 'ugo');
    const vic = await connect(a, 'vic');
    const wes = await connect(b, 'wes');
    tia.send({ type: 'typing', conversationId: conv, state: 'start' });
    for (const c of [ugo, vic]) expect(await c.next('typing')).toEqual({ type: 'typing', conversationId: conv, userId: 'tia', state: 'start' });
    await sleep(50);
    for (const c of [tia, tiaPhone, wes]) expect(c.of('typing')).toEqual([]);
    for (const c of [ugo, vic]) expect(c.of('typing')).toHaveLength(1);
  });
});

describe('presence', () => {
  it('announces online and offline once, only to users who share a conversation', async () => {
    cluster.chat.createConversation(['pia', 'ray']);
    cluster.chat.createConversation(['pia', 'ray', 'sue']); // ray shares two conversations with pia
    cluster.chat.createConversation(['pia', 'sam']);
    cluster.chat.createConversation(['ray', 'out']);
    const ray = await connect(a, 'ray');
    const sam = await connect(b, 'sam');
    const out = await connect(b, 'out');
    const pia = await connect(a, 'pia');
    await until(() => presenceOf(ray, 'pia').length === 1 && presenceOf(sam, 'pia').length === 1);
    expect(presenceOf(ray, 'pia')[0]).toMatchObject({ type: 'presence', userId: 'pia', status: 'online', lastSeenAt: expect.any(String) });
    const piaPhone = await connect(b, 'pia');
    pia.close();
    await sleep(100);
    expect(presenceOf(ray, 'pia')).toHaveLength(1);
    piaPhone.close();
    await until(() => presenceOf(ray, 'pia').length === 2 && presenceOf(sam, 'pia').length === 2);
    await sleep(50);
    for (const c of [ray, sam]) expect(presenceOf(c, 'pia').map((f) => f.status)).toEqual(['online', 'offline']);
    expect(presenceOf(out, 'pia')).toEqual([]);
    expect(presenceOf(pia, 'pia')).toEqual([]);
  });

  it('keeps connected users online through heartbeats, and announces a crashed node’s users offline', async () => {
    const conv = cluster.chat.createConversation(['kay', 'gho']);
    const kay = await connect(a, 'kay');
    // A node that died: its connection was registered and will never be refreshed or removed.
    await cluster.presence.connect({ userId: 'gho', connectionId: 'dead-node-conn' }, [conv]);
    const offline = await kay.next('presence', (f) => f.userId === 'gho' && f.status === 'offline', 5_000);
    expect(Date.parse(offline.lastSeenAt as string)).toBeLessThanOrEqual(Date.now() - 950);
    expect(await cluster.presence.isOnline('kay')).toBe(true);
  });
});

describe('presence.query', () => {
  it('tells a connecting user who is already online among those sharing a conversation, on any node', async () => {
    cluster.chat.createConversation(['qia', 'qen']);
    cluster.chat.createConversation(['qen', 'qox']); // qox shares nothing with qia
    const qen = await connect(b, 'qen');
    const qox = await connect(a, 'qox');
    const qia = await connect(a, 'qia');
    // qen's `online` went out before qia connected: without asking, qia would not know.
    expect(presenceOf(qia, 'qen')).toEqual([]);
    qia.send({ type: 'presence.query', userIds: ['qen', 'qox', 'qia', 'nobody'] });
    expect(await qia.next('presence', (f) => f.userId === 'qen')).toMatchObject({
      type: 'presence',
      userId: 'qen',
      status: 'online',
      lastSeenAt: expect.any(String),
    });
    // Asking for an offline user, or for one sharing nothing, answers nothing.
    qen.close();
    await qia.next('presence', (f) => f.userId === 'qen' && f.status === 'offline');
    qia.send({ type: 'presence.query', userIds: ['qen', 'qox'] });
    qia.send({ type: 'ping', ref: 'after' });
    await qia.next('pong', (f) => f.ref === 'after');
    await sleep(50);
    expect(presenceOf(qia, 'qox')).toEqual([]);
    expect(presenceOf(qia, 'qen').map((f) => f.status)).toEqual(['online', 'offline']);
    // A conversation started after both connected counts at once.
    const qub = await connect(b, 'qub');
    qia.send({ type: 'presence.query', userIds: ['qub'] });
    const started = cluster.chat.createConversation([]);
    await cluster.chat.addMember(started, 'qia');
    await cluster.chat.addMember(started, 'qub');
    await sleep(50);
    qia.send({ type: 'presence.query', userIds: ['qub'] });
    expect(await qia.next('presence', (f) => f.userId === 'qub')).toMatchObject({ status: 'online' });
    expect(presenceOf(qia, 'qub')).toHaveLength(1);
    qox.close();
    qub.close();
  });
});
