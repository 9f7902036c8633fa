import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient, until } from './test-support/ws-client.js';

let cluster: Cluster;
let port: number;
const clients: TestClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sender = { userId: 'zed', accessToken: '' };

async function connect(userId: string): Promise<TestClient> {
  const client = await TestClient.ready(port, await cluster.tokens.issue(userId));
  clients.push(client);
  return client;
}

async function seed(conversationId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await cluster.chat.sendMessage(sender, { conversationId, clientMsgId: `seed-${i}`, text: `m${i}` });
}

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2, limits: { historyPageSize: 20, gapWaitMs: 30 } });
  port = cluster.nodes[1]!.port;
  // Slow store reads, so live messages certainly arrive while a replay is running.
  const history = cluster.chat.history.bind(cluster.chat);
  cluster.chat.history = async (caller, input) => {
    await sleep(10);
    return history(caller, input);
  };
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.close();
});

describe('resume', () => {
  it('replays exactly the missed messages in order while live ones arrive, then says resumed', async () => {
    const conv = cluster.chat.createConversation(['amy', 'zed']);
    await seed(conv, 150);
    const amy = await connect('amy');
    const zed = await TestClient.ready(cluster.nodes[0]!.port, await cluster.tokens.issue('zed'));
    clients.push(zed);
    amy.send({ type: 'resume', ref: 'r', positions: { [conv]: 10 } });
    // 40 live messages during the replay, from the other node.
    for (let i = 0; i < 40; i++) {
      zed.send({ type: 'message.send', conversationId: conv, clientMsgId: `live-${i}`, text: 'live' });
      await sleep(2);
    }
    await until(() => amy.seqs(conv).length >= 180, 10_000, 'replay and live messages');
    const resumed = await amy.next('resumed');
    await sleep(100);
    expect(amy.seqs(conv)).toEqual(range(11, 190));
    expect(resumed).toMatchObject({ conversationId: conv, fromSeq: 10 });
    // Live messages arrived during the replay and were merged into it.
    expect(resumed.toSeq).toBeGreaterThan(150);
    // Everything up to toSeq went out before `resumed`.
    const at = amy.frames.indexOf(resumed);
    const before = amy.frames.slice(0, at).filter((f) => f.type === 'message.new').length;
    expect(before).toBe((resumed.toSeq as number) - 10);
  });

  it('replays what was missed before the connection started, without repeating what it already sent', async () => {
    const conv = cluster.chat.createConversation(['bea', 'zed']);
    await seed(conv, 50);
    const bea = await connect('bea');
    await cluster.chat.sendMessage(sender, { conversationId: conv, clientMsgId: 'live', text: 'live' });
    await until(() => bea.seqs(conv).length === 1);
    bea.send({ type: 'resume', positions: { [conv]: 45 } });
    const resumed = await bea.next('resumed');
    expect(resumed).toMatchObject({ conversationId: conv, fromSeq: 45, toSeq: 51 });
    expect(bea.seqs(conv)).toEqual([51, 46, 47, 48, 49, 50]);
  });

  it('resumes from a position the connection is behind, as if the client had read those elsewhere', async () => {
    const conv = cluster.chat.createConversation(['cyd', 'zed']);
    const cyd = await connect('cyd');
    await seed(conv, 5);
    await until(() => cyd.seqs(conv).length === 5);
    cyd.send({ type: 'resume', positions: { [conv]: 5 } });
    expect(await cyd.next('resumed')).toMatchObject({ fromSeq: 5, toSeq: 5 });
    expect(cyd.seqs(conv)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses conversations that are not the user’s and resumes the others', async () => {
    const mine = cluster.chat.createConversation(['dot', 'zed']);
    const theirs = cluster.chat.createConversation(['zed', 'eli']);
    await seed(mine, 3);
    const dot = await connect('dot');
    dot.send({ type: 'resume', ref: 'r2', positions: { [mine]: 0, [theirs]: 0 } });
    expect(await dot.next('error', (f) => f.ref === 'r2')).toMatchObject({
      error: { code: 'not_found', details: [{ field: `positions.${theirs}`, issue: 'not a member' }] },
    });
    expect(await dot.next('resumed')).toMatchObject({ conversationId: mine, fromSeq: 0, toSeq: 3 });
    expect(dot.seqs(mine)).toEqual([1, 2, 3]);
    expect(dot.seqs(theirs)).toEqual([]);
  });

  it('accepts resume sent right after opening, before ready', async () => {
    const conv = cluster.chat.createConversation(['fox', 'zed']);
    await seed(conv, 4);
    const fox = TestClient.open(port, await cluster.tokens.issue('fox'));
    clients.push(fox);
    await fox.opened;
    fox.send({ type: 'resume', positions: { [conv]: 1 } });
    expect(await fox.next('resumed')).toMatchObject({ fromSeq: 1, toSeq: 4 });
    expect(fox.frames[0]!.type).toBe('ready');
    expect(fox.seqs(conv)).toEqual([2, 3, 4]);
  });
});
