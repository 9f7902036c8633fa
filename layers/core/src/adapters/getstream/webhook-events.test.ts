import { describe, expect, it } from 'vitest';
import { callFixture, type StreamFixture } from '../../../../../test/support/call-webhooks.js';
import { mapStreamEvent } from './webhook-events.js';

const vars = { callId: 'c1', sessionId: 's1', alice: 'alice', bob: 'bob' };
const f = callFixture<StreamFixture>('getstream-one-to-one', vars);
const byType = (type: string, i = 0) => [...f.presence, ...f.terminal].filter((e) => e.type === type)[i]!;
const map = (e: { type: string } & Record<string, unknown>) => mapStreamEvent(e, 'default');
const at = (s: string) => new Date(s);
const base = { created_at: '2026-10-02T10:01:00.000Z', call_cid: 'default:c1' };
const call = { cid: 'default:c1', created_by: { id: 'alice' } };

describe('mapStreamEvent', () => {
  it('maps session and participant events to inputs timed by the events themselves', () => {
    expect(map(byType('call.session_started'))).toEqual({ providerCallId: 'c1', inputs: [] });
    expect(map(byType('call.session_participant_joined', 1))?.inputs).toEqual([{ type: 'joined', userId: 'bob', at: at('2026-10-02T10:00:07.000Z') }]);
    expect(map(byType('call.session_participant_left'))?.inputs).toEqual([
      { type: 'left', userId: 'bob', at: at('2026-10-02T10:04:07.000Z'), joinedAt: at('2026-10-02T10:00:07.000Z') },
    ]);
    expect(map(byType('call.session_ended'))?.inputs).toEqual([{ type: 'end', at: at('2026-10-02T10:04:09.000Z'), answeredAt: undefined }]);
    expect(map(byType('call.stats_report_ready'))?.inputs).toEqual([
      {
        type: 'quality',
        quality: {
          participants: 2,
          sessions: 2,
          publishers: 2,
          peak_concurrent_users: 2,
          peak_concurrent_sessions: 2,
          live_sessions: 0,
          sfus_used: 1,
          total_participant_duration: 488,
          average_latency_ms: 41,
          average_jitter_ms: 3,
          cq_score: 92,
        },
      },
    ]);
  });

  it('takes the answer from accepted_by (not the caller) and the end from the call', () => {
    const ended = {
      ...base,
      type: 'call.session_ended',
      call: { ...call, session: { ended_at: '2026-10-02T10:09:00Z', accepted_by: { alice: '2026-10-02T10:00:00Z', bob: '2026-10-02T10:00:05Z' } } },
    };
    expect(map(ended)?.inputs).toEqual([{ type: 'end', at: at('2026-10-02T10:09:00Z'), answeredAt: at('2026-10-02T10:00:05Z') }]);
    expect(map({ ...base, type: 'call.ended', call: { ...call, ended_at: '2026-10-02T10:08:00Z' } })?.inputs).toEqual([
      { type: 'end', at: at('2026-10-02T10:08:00Z') },
    ]);
    expect(map({ ...base, type: 'call.ended' })?.inputs).toEqual([{ type: 'end', at: at(base.created_at) }]);
    expect(map({ ...base, type: 'call.missed', session_id: 's1', call })?.inputs).toEqual([{ type: 'missed', at: at(base.created_at) }]);
  });

  it('reads a rejection as declined by the callee, cancelled by the caller, missed on timeout', () => {
    const rejected = (by: string, reason?: string) => map({ ...base, type: 'call.rejected', call, user: { id: by }, ...(reason ? { reason } : {}) })?.inputs;
    expect(rejected('bob')).toEqual([{ type: 'declined', userId: 'bob', at: at(base.created_at), last: true }]);
    expect(rejected('bob', 'busy')).toEqual([{ type: 'declined', userId: 'bob', at: at(base.created_at), last: true }]);
    expect(rejected('alice')).toEqual([{ type: 'end', at: at(base.created_at) }]);
    expect(rejected('bob', 'timeout')).toEqual([{ type: 'missed', at: at(base.created_at) }]);
  });

  it('reads the report under either wire name (which one Stream sends is unverified)', () => {
    const report = { ...byType('call.stats_report_ready'), type: 'call.report_ready' };
    expect(map(report)).toEqual(map(byType('call.stats_report_ready')));
  });

  it('ignores unknown types and calls of other types; refuses known types without their fields', () => {
    expect(map({ ...base, type: 'call.reaction_new' })).toBeNull();
    expect(map({ ...base, type: 'user.updated' })).toBeNull();
    expect(map({ ...byType('call.session_participant_joined'), call_cid: 'livestream:c1' })).toBeNull();
    const { participant: _, ...noParticipant } = byType('call.session_participant_joined');
    expect(() => map(noParticipant as { type: string })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => map({ ...base, type: 'call.missed', created_at: 'yesterday' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => map({ type: 'call.ended', created_at: base.created_at })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
