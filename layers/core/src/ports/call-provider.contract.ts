import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CallCredentials, CallProvider } from './call-provider.js';

export interface CallProviderFixture {
  provider: CallProvider;
  /**
   * Makes the provider see `userId` in the call's session, as a client SDK joining with its
   * credentials would. Doubles implement it; there is no server API for it.
   */
  simulateJoin(providerCallId: string, userId: string): Promise<void> | void;
  /** The client leaving (closing the tab); optional for fixtures that cannot model it. */
  simulateLeave?(providerCallId: string, userId: string): Promise<void> | void;
  close(): Promise<void>;
}

/** Where the credential says the user and the call are (each provider spells them differently). */
function namedIn(c: CallCredentials): { userId?: string; callId: string } {
  if (c.provider === 'artc') return { userId: c.userId, callId: c.channelId };
  if (c.provider === 'getstream') return { userId: c.userId, callId: c.callId };
  return { callId: c.callId };
}

/** Epoch ms the credential stops working; `local` has no token, so no expiry. */
function expiryOf(c: CallCredentials): number | undefined {
  if (c.provider === 'getstream') return Date.parse(c.expiresAt);
  if (c.provider === 'artc') return c.timestamp * 1000;
  return undefined;
}

/**
 * The behaviour every CallProvider adapter must show. Provider ids are UUIDs, which both Stream
 * call ids and ARTC channel ids accept. Provider-specific checks (token format, wire requests)
 * belong in each adapter's own test.
 */
export function describeCallProviderContract(name: string, open: () => Promise<CallProviderFixture>): void {
  describe(`CallProvider contract: ${name}`, () => {
    let f: CallProviderFixture;
    let p: CallProvider;
    const alice = `alice-${randomUUID().slice(0, 8)}`;
    const bob = `bob-${randomUUID().slice(0, 8)}`;
    const carol = `carol-${randomUUID().slice(0, 8)}`;
    const room = async (kind: 'audio' | 'video' = 'audio', memberIds = [alice, bob]) => {
      const providerCallId = randomUUID();
      await p.createRoom({ providerCallId, kind, createdBy: alice, memberIds });
      return providerCallId;
    };
    const participants = async (id: string) => [...(await p.report(id)).participants].sort();

    beforeAll(async () => {
      f = await open();
      p = f.provider;
    });
    afterAll(async () => f?.close());

    it('creates a room idempotently: a retried start reuses it, and nobody is in it yet', async () => {
      const id = await room();
      await p.createRoom({ providerCallId: id, kind: 'audio', createdBy: alice, memberIds: [alice, bob] });
      expect(await p.report(id)).toEqual({ live: false, participants: [] });
      await f.simulateJoin(id, alice);
      expect(await participants(id)).toEqual([alice]);
    });

    it('creates video rooms for several members', async () => {
      const id = await room('video', [alice, bob, carol]);
      await f.simulateJoin(id, carol);
      expect(await p.report(id)).toEqual({ live: true, participants: [carol] });
    });

    it('gives credentials of its own kind, for that user and that call, that expire after ttlSeconds', async () => {
      const id = await room();
      const before = Date.now();
      const forAlice = await p.credentials({ providerCallId: id, userId: alice, ttlSeconds: 600 });
      const forBob = await p.credentials({ providerCallId: id, userId: bob, ttlSeconds: 60 });
      expect(forAlice.provider).toBe(p.name);
      expect(namedIn(forAlice)).toEqual(forAlice.provider === 'local' ? { callId: id } : { userId: alice, callId: id });
      expect(namedIn(forBob).callId).toBe(id);
      if (forBob.provider !== 'local') expect(namedIn(forBob).userId).toBe(bob);
      // `local` has no per-user token: the gateway knows who is signalling from the socket's login.
      if (forBob.provider !== 'local') expect(forBob).not.toEqual(forAlice);
      const expiry = expiryOf(forAlice);
      if (forAlice.provider !== 'local') {
        // Whole seconds on the wire: allow rounding either way plus the test's own run time.
        expect(expiry).toBeGreaterThanOrEqual(before + 600_000 - 2_000);
        expect(expiry).toBeLessThanOrEqual(Date.now() + 600_000 + 2_000);
        expect(expiryOf(forBob)).toBeLessThan(expiry!);
      }
    });

    it('reports who is in the call while it is live', async () => {
      const id = await room();
      await f.simulateJoin(id, alice);
      await f.simulateJoin(id, bob);
      expect((await p.report(id)).live).toBe(true);
      expect(await participants(id)).toEqual([alice, bob].sort());
    });

    it('reports a call everyone left as not live', async () => {
      if (!f.simulateLeave) return;
      const id = await room();
      await f.simulateJoin(id, alice);
      await f.simulateLeave(id, alice);
      expect(await p.report(id)).toEqual({ live: false, participants: [] });
    });

    it('removes a participant, idempotently (again, or someone who never joined: no error)', async () => {
      const id = await room();
      await f.simulateJoin(id, alice);
      await f.simulateJoin(id, bob);
      await p.removeParticipant(id, bob);
      expect(await participants(id)).toEqual([alice]);
      await p.removeParticipant(id, bob);
      await p.removeParticipant(id, carol);
      expect(await participants(id)).toEqual([alice]);
    });

    it('ends a call idempotently: twice, and one that was never created, without error', async () => {
      const id = await room();
      await f.simulateJoin(id, alice);
      await p.end(id);
      expect(await p.report(id)).toEqual({ live: false, participants: [] });
      await p.end(id);
      await p.removeParticipant(id, alice);
      const never = randomUUID();
      await p.end(never);
      await p.removeParticipant(never, alice);
    });

    it('reports a call it never created as not live', async () => {
      expect(await p.report(randomUUID())).toEqual({ live: false, participants: [] });
    });
  });
}
