import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '@chat/core/domain/calls/call';
import { userChannel } from '@chat/core/ports/realtime-bus';
import { startCluster, type Cluster } from './test-support/cluster.js';
import { TestClient } from './test-support/ws-client.js';

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

const view = (id: string, conversationId: string, state: CallView['state']): CallView => ({
  id,
  conversationId,
  kind: 'audio',
  provider: 'local',
  createdBy: 'cal',
  state,
  participants: [],
  startedAt: new Date().toISOString(),
  answeredAt: null,
  endedAt: null,
  endReason: null,
  durationSeconds: 0,
});

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2 });
  [a, b] = cluster.nodes.map((n) => n.port) as [number, number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.close();
});

describe('calls over the gateway', () => {
  it('delivers call.* events on a user channel to every connection of that user on every node, as frames without routing data', async () => {
    const conv = cluster.chat.createConversation(['cal', 'dee']);
    const deePhone = await connect(a, 'dee');
    const deeLaptop = await connect(b, 'dee');
    const cal = await connect(a, 'cal');
    const ringing = view('k1', conv, 'ringing');
    await cluster.chat.publish(userChannel('dee'), { type: 'call.ringing', call: ringing, recipients: ['cal', 'dee'] });
    for (const c of [deePhone, deeLaptop]) expect(await c.next('call.ringing')).toEqual({ type: 'call.ringing', call: ringing });
    await cluster.chat.publish(userChannel('dee'), { type: 'call.declined', call: view('k1', conv, 'ringing'), userId: 'dee', recipients: ['dee'] });
    expect(await deeLaptop.next('call.declined')).toMatchObject({ userId: 'dee', call: { id: 'k1' } });
    await sleep(50);
    expect(cal.of('call.ringing')).toEqual([]);
  });

  it('relays call.signal between participants only (error frame not_found for anyone else), across nodes, bounded in size', async () => {
    cluster.chat.calls.set('k2', new Set(['eve', 'fay']));
    const eve = await connect(a, 'eve');
    const fay = await connect(b, 'fay');
    const gus = await connect(a, 'gus');
    eve.send({ type: 'call.signal', ref: 's1', callId: 'k2', toUserId: 'fay', data: { sdp: 'v=0 offer', type: 'offer' } });
    expect(await fay.next('call.signal')).toEqual({ type: 'call.signal', callId: 'k2', fromUserId: 'eve', data: { sdp: 'v=0 offer', type: 'offer' } });
    fay.send({ type: 'call.signal', ref: 's2', callId: 'k2', toUserId: 'eve', data: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } });
    expect(await eve.next('call.signal')).toMatchObject({ fromUserId: 'fay', data: { candidate: expect.any(String) } });

    gus.send({ type: 'call.signal', ref: 's3', callId: 'k2', toUserId: 'fay', data: {} });
    expect(await gus.next('error', (f) => f.ref === 's3')).toMatchObject({ error: { code: 'not_found' } });
    eve.send({ type: 'call.signal', ref: 's4', callId: 'k2', toUserId: 'gus', data: {} });
    expect(await eve.next('error', (f) => f.ref === 's4')).toMatchObject({ error: { code: 'not_found' } });
    eve.send({ type: 'call.signal', ref: 's5', callId: 'k2', toUserId: 'fay', data: { sdp: 'x'.repeat(17 * 1024) } });
    expect(await eve.next('error', (f) => f.ref === 's5')).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'data' }] } });
    await sleep(50);
    expect(fay.of('call.signal')).toHaveLength(1);
    expect(gus.of('call.signal')).toEqual([]);
    expect(eve.closeCode).toBeUndefined();
  });
});
