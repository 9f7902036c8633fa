import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArtcDouble, type ArtcDouble } from '../../../../../test/support/artc-double.js';
import { openTestPglite } from '../../../../../test/support/pglite.js';
import { startStreamDouble, type StreamDouble } from '../../../../../test/support/stream-double.js';
import { ArtcCallProvider } from '../../adapters/artc/call-provider.js';
import { GetStreamCallProvider } from '../../adapters/getstream/call-provider.js';
import { callFixture } from '../../adapters/sql/call-store.fixture.js';
import { newCall, type Call, type CallProviderName } from '../../domain/calls/call.js';
import { foldCallInputs, type CallInput } from '../../domain/calls/state-machine.js';
import type { CallProvider } from '../../ports/call-provider.js';
import type { CallStoreFixture } from '../../ports/call-store.contract.js';
import { reconcileCalls, type ReconcileDeps } from './reconcile-calls.js';

const NOW = new Date();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('reconcileCalls, against the ARTC and Stream doubles', () => {
  let f: CallStoreFixture;
  let artc: ArtcDouble;
  let stream: StreamDouble;
  let providers: Partial<Record<CallProviderName, CallProvider>>;
  let alice: string;
  let bob: string;
  const warnings: object[] = [];

  beforeAll(async () => {
    f = await callFixture(await openTestPglite());
    artc = await startArtcDouble({ appId: 'app-r', secrets: { AK: 'ak-secret' } });
    stream = await startStreamDouble();
    providers = {
      artc: new ArtcCallProvider({
        appId: 'app-r',
        appKey: 'app-key',
        accessKeyId: 'AK',
        accessKeySecret: 'ak-secret',
        endpoint: artc.endpoint,
        timeoutMs: 500,
      }),
      getstream: new GetStreamCallProvider({ apiKey: stream.apiKey, apiSecret: stream.apiSecret, baseUrl: stream.baseUrl }),
    };
    alice = await f.makeUser(`ra_${randomUUID().slice(0, 8)}`);
    bob = await f.makeUser(`rb_${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await Promise.all([f?.close(), artc?.close(), stream?.close()]);
  });

  // What the call service's advanceCall does, minus its effects: fold under the optimistic lock.
  const advance = async (callId: string, inputs: readonly CallInput[]): Promise<Call | null> => {
    for (;;) {
      const current = await f.store.get(callId);
      if (!current) return null;
      const { call } = foldCallInputs(current, inputs);
      if (call === current) return current;
      const saved = await f.store.update(call, current.version);
      if (saved) return saved;
    }
  };
  const deps = (): ReconcileDeps => ({
    store: f.store,
    provider: (name) => providers[name],
    advance,
    clock: { now: () => NOW },
    afterSeconds: 15 * 60,
    log: { warn: (details) => void warnings.push(details) },
  });
  /** A call both joined `startedMinutesAgo` ago, on `provider`'s room `room`. */
  const activeCall = async (provider: CallProviderName, startedMinutesAgo: number) => {
    const conversation = await f.conversations.createGroup({ id: randomUUID(), title: 'r', ownerId: alice, memberIds: [bob], at: minutesAgo(60) });
    const room = `room_${randomUUID().slice(0, 8)}`;
    const started = minutesAgo(startedMinutesAgo);
    const ringing = newCall({
      id: randomUUID(),
      conversationId: conversation.id,
      kind: 'video',
      provider,
      providerCallId: room,
      createdBy: alice,
      at: started,
    });
    await providers[provider]?.createRoom({ providerCallId: room, kind: 'video', createdBy: alice, memberIds: [bob] });
    const { call } = await f.store.create(ringing);
    return (await advance(call.id, [
      { type: 'joined', userId: alice, at: started },
      { type: 'joined', userId: bob, at: new Date(started.getTime() + 5_000) },
    ]))!;
  };

  it('ends calls their provider no longer has, records who left, and leaves live and recent calls alone', async () => {
    const artcEmptied = await activeCall('artc', 30);
    artc.simulateJoin(artcEmptied.providerCallId, alice);
    artc.simulateLeave(artcEmptied.providerCallId, alice); // the channel lingers with nobody in it
    const artcBobGone = await activeCall('artc', 20);
    artc.simulateJoin(artcBobGone.providerCallId, alice);
    const streamEnded = await activeCall('getstream', 40);
    await providers.getstream!.end(streamEnded.providerCallId);
    const streamLive = await activeCall('getstream', 25);
    stream.simulateJoin(streamLive.providerCallId, alice);
    stream.simulateJoin(streamLive.providerCallId, bob);
    const recent = await activeCall('artc', 2); // not live on ARTC either, but not due yet
    const local = await activeCall('local', 30); // no provider to ask

    const result = await reconcileCalls(deps());

    expect(result).toMatchObject({ ended: 2, left: 1, failed: 0 });
    expect(await f.store.get(artcEmptied.id)).toMatchObject({ state: 'ended', endReason: 'completed', endedAt: NOW });
    expect(await f.store.get(streamEnded.id)).toMatchObject({ state: 'ended', endReason: 'completed', endedAt: NOW });
    const stillOn = (await f.store.get(artcBobGone.id))!;
    expect(stillOn.state).toBe('active');
    expect(stillOn.participants.find((p) => p.userId === bob)).toMatchObject({ leftAt: NOW });
    expect(stillOn.participants.find((p) => p.userId === alice)).toMatchObject({ leftAt: null });
    expect((await f.store.get(streamLive.id))?.state).toBe('active');
    expect((await f.store.get(recent.id))?.state).toBe('active');
    expect((await f.store.get(local.id))?.state).toBe('active');
    expect(artc.calls.filter((c) => c.action === 'DescribeChannelUsers').map((c) => c.params.ChannelId)).not.toContain(recent.providerCallId);

    // A second tick: the ended calls are no longer active; bob stays left.
    expect(await reconcileCalls(deps())).toMatchObject({ ended: 0, left: 0, failed: 0 });
  });

  it('keeps going when a provider fails for one call, and counts it', async () => {
    const call = await activeCall('artc', 50);
    artc.stall.on = true;
    try {
      const result = await reconcileCalls(deps());
      expect(result.failed).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect((await f.store.get(call.id))?.state).toBe('active');
    } finally {
      artc.stall.on = false;
    }
    expect((await reconcileCalls(deps())).ended).toBeGreaterThanOrEqual(1);
    expect((await f.store.get(call.id))?.state).toBe('ended');
  });
});
