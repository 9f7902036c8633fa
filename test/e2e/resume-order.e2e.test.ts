import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '@chat/gateway/test-support/cluster';
import { WsClient } from '../support/ws-client.js';

/**
 * Minimal, deterministic reproduction of what the node-loss test in resilience.e2e.test.ts sees:
 * a client that reconnects and sends `resume` as its very first frame (before `ready`, which v1
 * allows) still gets a live message that arrived while its connection was loading *before* the
 * replay of the messages it missed, i.e. not in seq order (DESIGN §5: "resume replays exactly the
 * missed messages in seq order"). In-process gateway nodes (no services needed); the only trick is
 * a message sent while the gateway reads the user's memberships, which is where a real reconnect
 * spends its time (a FerretDB scan per conversation).
 */
describe('resume sent before ready', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('replays the missed messages before a live one that arrived while the connection was loading', async () => {
    const conv = cluster.chat.createConversation(['amy', 'zed']);
    const zed = { userId: 'zed', accessToken: '' };
    for (let i = 1; i <= 5; i++) await cluster.chat.sendMessage(zed, { conversationId: conv, clientMsgId: `m${i}`, text: `m${i}` });

    // amy saw up to seq 2 before she lost her connection; seq 6 is sent while she reconnects.
    const memberships = cluster.chat.memberships.bind(cluster.chat);
    let sentDuringLoad = false;
    cluster.chat.memberships = async (caller) => {
      const result = await memberships(caller);
      if (caller.userId === 'amy' && !sentDuringLoad) {
        sentDuringLoad = true;
        await cluster.chat.sendMessage(zed, { conversationId: conv, clientMsgId: 'm6', text: 'm6' });
        // A real load takes this long or longer; the client's `resume` has certainly arrived by now.
        await new Promise((r) => setTimeout(r, 200));
      }
      return result;
    };
    const amy = await WsClient.connect(`ws://127.0.0.1:${cluster.nodes[0]!.port}/ws`, await cluster.tokens.issue('amy'), 'amy', {
      early: [{ type: 'resume', ref: 'r', positions: { [conv]: 2 } }],
    });
    const resumed = (await amy.waitFor((f) => f.type === 'resumed', 5_000, 'resumed')).frame;
    expect(sentDuringLoad).toBe(true);
    expect(resumed).toMatchObject({ conversationId: conv, fromSeq: 2, toSeq: 6 });
    // Every missed message exactly once…
    expect([...amy.seqs(conv)].sort((a, b) => a - b)).toEqual([3, 4, 5, 6]);
    // …and in seq order. Today the gateway sends [6, 3, 4, 5].
    expect(amy.seqs(conv)).toEqual([3, 4, 5, 6]);
    await amy.close();
  });
});
