import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callTimelineContent, newCall, type Call } from '@chat/core/domain/calls/call';
import { foldCallInputs, type CallInput } from '@chat/core/domain/calls/state-machine';
import { callFixture, streamDelivery, type ArtcFixture, type StreamFixture } from './support/call-webhooks.js';
import { mapArtcCallback, verifyArtcCallback } from '@chat/core/adapters/artc/callback';
import { mapStreamEvent } from '@chat/core/adapters/getstream/webhook-events';
import { verifyStreamWebhook } from '@chat/core/adapters/getstream/webhook';

// Providers deliver out of order and more than once (calls-notes §C). Whatever the order, the
// fold of what our webhooks make of the fixtures ends the call once, with the same record.

/** A permutation of `items` with one of them delivered a second time somewhere. */
const redelivered = <T>(items: readonly T[]) =>
  fc
    .tuple(fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length }), fc.nat(items.length - 1), fc.nat(items.length))
    .map(([order, dup, pos]) => [...order.slice(0, pos), items[dup]!, ...order.slice(pos)]);

const summary = (call: Call) => ({
  state: call.state,
  endReason: call.endReason,
  answeredAt: call.answeredAt?.toISOString(),
  endedAt: call.endedAt?.toISOString(),
  durations: Object.fromEntries(call.participants.map((p) => [p.userId, p.durationSeconds])),
});

describe('ARTC group video: join ×3, leave ×3, shuffled, one redelivered', () => {
  const app = { appId: 'app-1', callbackSecret: 'callback-secret-0123456789' };
  const f = callFixture<ArtcFixture>('artc-group-video', {
    appId: app.appId,
    subscribeId: 'sub-1',
    channel: 'ch-1',
    alice: 'alice',
    bob: 'bob',
    carol: 'carol',
  });
  const T0 = 1796000000 * 1000;
  const start = newCall({
    id: 'call-1',
    conversationId: 'g1',
    kind: 'video',
    provider: 'artc',
    providerCallId: 'ch-1',
    createdBy: 'alice',
    at: new Date(T0 - 10_000),
  });
  const inputsOf = (delivery: Record<string, unknown>) =>
    mapArtcCallback(verifyArtcCallback({ secret: app.callbackSecret, body: Buffer.from(JSON.stringify(delivery)) }, app, 65_536).body)!.inputs;

  it('ends once, completed, with every participant and duration from the event times', () => {
    fc.assert(
      fc.property(redelivered(f.deliveries), (deliveries) => {
        const { call, transitions } = foldCallInputs(start, deliveries.flatMap(inputsOf));
        expect(transitions.filter((t) => t === 'ended')).toHaveLength(1);
        expect(summary(call)).toEqual({
          state: 'ended',
          endReason: 'completed',
          answeredAt: new Date(T0 + f.expected.answeredAtOffset * 1000).toISOString(),
          endedAt: new Date(T0 + f.expected.endedAtOffset * 1000).toISOString(),
          durations: f.expected.durations,
        });
        expect(callTimelineContent(call)).toMatchObject({ endReason: 'completed', durationSeconds: 315 });
      }),
      { numRuns: 300 },
    );
  });
});

describe('GetStream 1:1 audio: session events shuffled, one redelivered', () => {
  const account = { apiKey: 'key-1', apiSecret: 'secret-that-signs-the-webhooks' };
  const f = callFixture<StreamFixture>('getstream-one-to-one', { callId: 'c1', sessionId: 's1', alice: 'alice', bob: 'bob' });
  const start = newCall({
    id: 'call-2',
    conversationId: 'd1',
    kind: 'audio',
    provider: 'getstream',
    providerCallId: 'c1',
    createdBy: 'alice',
    at: new Date('2026-10-02T10:00:00Z'),
  });
  const inputsOf = (event: Record<string, unknown>): CallInput[] => {
    const d = streamDelivery(event, account);
    const headers = Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return mapStreamEvent(verifyStreamWebhook({ headers, body: Buffer.from(d.body) }, account, 65_536).event, 'default')?.inputs ?? [];
  };
  const exact = {
    state: 'ended',
    endReason: 'completed',
    answeredAt: f.expected.answeredAt,
    endedAt: f.expected.endedAt,
    durations: f.expected.durations,
  };

  it('presence and report in any order, then the session end (twice): the exact record', () => {
    fc.assert(
      fc.property(redelivered(f.presence), (events) => {
        const { call, transitions } = foldCallInputs(start, [...events, ...f.terminal, ...f.terminal].flatMap(inputsOf));
        // A leave carries its join (Stream's participant.joined_at), so it may answer and end at once.
        expect(transitions.filter((t) => t === 'ended')).toHaveLength(1);
        expect(summary(call)).toEqual(exact);
        expect(call.quality).toMatchObject({ cq_score: 92, participants: 2 });
        expect(callTimelineContent(call).durationSeconds).toBe(f.expected.durationSeconds);
      }),
      { numRuns: 300 },
    );
  });

  // In the real flow our own join endpoint answers the call before any webhook; then the session
  // end may come first. The state machine closes whoever is still in at the end time, and a later,
  // earlier leave does not shorten that stay (its facts only merge by max), so bob's duration is
  // exact or up to the 2 s between his leave and the end.
  it('after our own joins, the session end anywhere: ends once, completed, the same end time', () => {
    const answered = foldCallInputs(start, [
      { type: 'joined', userId: 'alice', at: new Date('2026-10-02T10:00:01Z') },
      { type: 'joined', userId: 'bob', at: new Date('2026-10-02T10:00:07Z') },
    ]).call;
    fc.assert(
      fc.property(redelivered([...f.presence, ...f.terminal]), (events) => {
        const { call, transitions } = foldCallInputs(answered, events.flatMap(inputsOf));
        expect(transitions).toEqual(['ended']);
        const s = summary(call);
        expect({ ...s, durations: { alice: s.durations.alice } }).toEqual({ ...exact, durations: { alice: 248 } });
        expect([240, 242]).toContain(s.durations.bob);
      }),
      { numRuns: 300 },
    );
  });
});
