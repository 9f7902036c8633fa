import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient } from './test-support/ws-client.js';

let cluster: Cluster;
let port: number;

beforeAll(async () => {
  cluster = await startCluster({ nodes: 1 });
  port = cluster.nodes[0]!.port;
  cluster.chat.createConversation(['alice', 'bob']);
});
afterAll(() => cluster.close());

describe('authentication', () => {
  it('accepts a token in Sec-WebSocket-Protocol and answers with chat.v1 only', async () => {
    const client = TestClient.open(port, await cluster.tokens.issue('alice'));
    const ready = await client.next('ready');
    expect(ready).toMatchObject({ userId: 'alice', connectionId: expect.any(String) });
    expect(client.ws.protocol).toBe('chat.v1');
    client.close();
  });

  it('accepts a token in ?token= and on the root path', async () => {
    const client = TestClient.open(port, await cluster.tokens.issue('bob'), { via: 'query', path: '/' });
    expect(await client.next('ready')).toMatchObject({ userId: 'bob' });
    client.close();
  });

  it('closes with 4100 without a token or with a bad one, before ready', async () => {
    const none = TestClient.open(port, undefined);
    expect(await none.closed()).toBe(4100);
    const good = await cluster.tokens.issue('alice');
    const forged = TestClient.open(port, `${good.slice(0, -4)}AAAA`);
    expect(await forged.closed()).toBe(4100);
    const garbage = TestClient.open(port, 'not-a-jwt');
    expect(await garbage.closed()).toBe(4100);
    for (const c of [none, forged, garbage]) expect(c.of('ready')).toEqual([]);
  });

  it('closes with 4100 for a token signed by a key not in the JWKS', async () => {
    const { TestTokens } = await import('./test-support/tokens.js');
    const stranger = await TestTokens.create();
    const client = TestClient.open(port, await stranger.issue('alice'));
    expect(await client.closed()).toBe(4100);
  });

  it('closes with 4101 for an expired token', async () => {
    const client = TestClient.open(port, await cluster.tokens.expiringIn('alice', -30));
    expect(await client.closed()).toBe(4101);
    expect(client.of('ready')).toEqual([]);
  });

  it('closes with 4101 for a revoked session (one KV read, no database)', async () => {
    await cluster.kv.set('session-revoked:s-revoked', '1');
    const client = TestClient.open(port, await cluster.tokens.issue('alice', 's-revoked'));
    expect(await client.closed()).toBe(4101);
  });

  it('closes with 4101 when the token expires during the connection', async () => {
    const client = TestClient.open(port, await cluster.tokens.expiringIn('alice', 2));
    await client.next('ready');
    expect(await client.closed(5_000)).toBe(4101);
  });
});
