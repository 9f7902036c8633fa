import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallCredentials, CallProvider } from './call-provider.js';

/** An adapter under test, plus a way to make a user show up in its room as a client join would. */
export interface CallProviderFixture {
  provider: CallProvider;
  simulateJoin(providerCallId: string, userId: string): void;
  close(): Promise<void>;
}

/** When credentials stop working, in ms since the epoch, whichever shape the adapter hands out. */
function expiryMs(credentials: CallCredentials): number | undefined {
  switch (credentials.provider) {
    case 'getstream':
      return Date.parse(credentials.expiresAt);
    case 'artc':
      return credentials.timestamp * 1000;
    case 'local':
      return undefined; // browser-to-browser WebRTC: nothing to expire
  }
}

/** The behaviour every CallProvider adapter must show. Called from each adapter's test file. */
export function describeCallProviderContract(name: string, open: () => Promise<CallProviderFixture>): void {
  describe(`CallProvider contract: ${name}`, () => {
    let fixture: CallProviderFixture;
    // Ids valid for every provider (ARTC: letters, digits, - and _, ≤ 64).
    const id = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '')}`;
    const room = async (memberIds = ['u_alice', 'u_bob']) => {
      const providerCallId = id('call');
      await fixture.provider.createRoom({ providerCallId, kind: 'video', createdBy: memberIds[0] ?? 'u_alice', memberIds });
      return providerCallId;
    };

    beforeAll(async () => {
      fixture = await open();
    });
    afterAll(async () => fixture.close());

    it('creates a room idempotently (a retried start reuses it)', async () => {
      const providerCallId = await room();
      await fixture.provider.createRoom({ providerCallId, kind: 'video', createdBy: 'u_alice', memberIds: ['u_alice', 'u_bob'] });
    });

    it("hands out credentials of the adapter's kind for that user and call, expiring after ttlSeconds", async () => {
      const providerCallId = await room();
      const before = Date.now();
      const credentials = await fixture.provider.credentials({ providerCallId, userId: 'u_alice', ttlSeconds: 600 });
      expect(credentials.provider).toBe(fixture.provider.name);
      if (credentials.provider === 'local') {
        expect(credentials.callId).toBe(providerCallId);
        return;
      }
      expect(credentials.userId).toBe('u_alice');
      expect(credentials.provider === 'getstream' ? credentials.callId : credentials.channelId).toBe(providerCallId);
      const expiry = expiryMs(credentials) ?? 0;
      expect(expiry).toBeGreaterThan(before);
      expect(expiry).toBeLessThanOrEqual(Date.now() + 601_000);
      expect(credentials.token).not.toBe('');
    });

    it('reports a room live with its participants once they join, and not live after end', async () => {
      const providerCallId = await room();
      expect((await fixture.provider.report(providerCallId)).live).toBe(false);
      fixture.simulateJoin(providerCallId, 'u_alice');
      fixture.simulateJoin(providerCallId, 'u_bob');
      const report = await fixture.provider.report(providerCallId);
      expect(report.live).toBe(true);
      expect([...report.participants].sort()).toEqual(['u_alice', 'u_bob']);
      await fixture.provider.end(providerCallId);
      expect(await fixture.provider.report(providerCallId)).toEqual({ live: false, participants: [] });
    });

    it('ends idempotently: twice, and a call that never had a room', async () => {
      const providerCallId = await room();
      fixture.simulateJoin(providerCallId, 'u_alice');
      await fixture.provider.end(providerCallId);
      await fixture.provider.end(providerCallId);
      await fixture.provider.end(id('never'));
    });

    it('removes a participant idempotently (twice, someone absent, an empty room)', async () => {
      const providerCallId = await room();
      fixture.simulateJoin(providerCallId, 'u_alice');
      fixture.simulateJoin(providerCallId, 'u_bob');
      await fixture.provider.removeParticipant(providerCallId, 'u_bob');
      await fixture.provider.removeParticipant(providerCallId, 'u_bob');
      await fixture.provider.removeParticipant(providerCallId, 'u_carol');
      expect((await fixture.provider.report(providerCallId)).participants).toEqual(['u_alice']);
      await fixture.provider.removeParticipant(id('never'), 'u_alice');
    });
  });
}
