import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CallStats, MessageRef } from '../domain/jobs/job.js';
import type { AnalyticsStore } from './analytics-store.js';

export interface AnalyticsStoreHarness {
  store: AnalyticsStore;
  close(): Promise<void>;
}

const ref = (conversationId: string, createdAt: string): MessageRef => ({ conversationId, seq: 1, messageId: randomUUID(), senderId: 'u', createdAt });

const aCall = (overrides: Partial<CallStats> = {}): CallStats => ({
  callId: randomUUID(),
  conversationId: randomUUID(),
  provider: 'getstream',
  kind: 'audio',
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: '2026-03-01T10:05:30.000Z',
  participants: 2,
  durationSeconds: 330,
  ...overrides,
});

/** The behaviour every AnalyticsStore adapter must show. Called from each adapter's test file. */
export function describeAnalyticsStoreContract(name: string, open: () => Promise<AnalyticsStoreHarness>): void {
  describe(`AnalyticsStore contract: ${name}`, () => {
    let harness: AnalyticsStoreHarness;
    let store: AnalyticsStore;
    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    }, 60_000);
    afterAll(async () => harness?.close());

    it('counts messages per conversation and UTC day', async () => {
      const conv = randomUUID();
      const other = randomUUID();
      await store.countMessage(ref(conv, '2026-03-01T00:00:00.000Z'));
      await store.countMessage(ref(conv, '2026-03-01T23:59:59.999Z'));
      // 00:30 in Berlin on 2 March is still 1 March in UTC.
      await store.countMessage(ref(conv, '2026-03-01T23:30:00.000Z'));
      await store.countMessage(ref(conv, '2026-03-03T08:00:00.000Z'));
      await store.countMessage(ref(other, '2026-03-01T12:00:00.000Z'));
      expect(await store.messageVolume(conv, { from: '2026-03-01', to: '2026-03-31' })).toEqual([
        { day: '2026-03-01', messages: 3 },
        { day: '2026-03-03', messages: 1 },
      ]);
      expect(await store.messageVolume(conv, { from: '2026-03-02', to: '2026-03-02' })).toEqual([]);
      expect(await store.messageVolume(other, { from: '2026-03-01', to: '2026-03-01' })).toEqual([{ day: '2026-03-01', messages: 1 }]);
    });

    it('counts a message once, however often or concurrently it is reported', async () => {
      const message = ref(randomUUID(), '2026-04-02T09:00:00.000Z');
      const results = await Promise.all([store.countMessage(message), store.countMessage(message), store.countMessage(message)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.countMessage(message)).toBe(false);
      expect(await store.messageVolume(message.conversationId, { from: '2026-04-02', to: '2026-04-02' })).toEqual([{ day: '2026-04-02', messages: 1 }]);
    });

    it('records call statistics keyed by call id; a repeat replaces the row', async () => {
      const call = aCall();
      await store.recordCall(call);
      await store.recordCall(call);
      expect(await store.callStats(call.callId)).toEqual(call);
      const corrected = { ...call, participants: 3, kind: 'video' as const, provider: 'artc' as const };
      await store.recordCall(corrected);
      expect(await store.callStats(call.callId)).toEqual(corrected);
      expect(await store.callStats(randomUUID())).toBeUndefined();
    });
  });
}
