import { describe, expect, it } from 'vitest';
import { callTimelineContent, checkCallAllowed, newCall, type Call } from './call.js';
import { applyCallInput, foldCallInputs, type CallInput } from './state-machine.js';

const t = (s: number) => new Date(Date.UTC(2031, 0, 1, 10, 0, s));
const call = (kind: Call['kind'] = 'audio') =>
  newCall({ id: 'c1', conversationId: 'conv', kind, provider: 'local', providerCallId: 'c1', createdBy: 'alice', at: t(0) });
const join = (userId: string, s: number): CallInput => ({ type: 'joined', userId, at: t(s) });
const leave = (userId: string, s: number): CallInput => ({ type: 'left', userId, at: t(s) });

/** Deterministic shuffle (mulberry32), so a failing order can be reproduced from its seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('call rules', () => {
  it('allows audio only in direct conversations and caps participants', () => {
    expect(() => checkCallAllowed({ conversationType: 'direct', kind: 'audio', memberCount: 2, maxParticipants: 16 })).not.toThrow();
    expect(() => checkCallAllowed({ conversationType: 'group', kind: 'audio', memberCount: 3, maxParticipants: 16 })).toThrow(/direct conversations only/);
    expect(() => checkCallAllowed({ conversationType: 'group', kind: 'video', memberCount: 16, maxParticipants: 16 })).not.toThrow();
    expect(() => checkCallAllowed({ conversationType: 'group', kind: 'video', memberCount: 17, maxParticipants: 16 })).toThrow(/at most 16/);
  });
});

describe('call state machine', () => {
  it('rings, is answered when someone other than the caller joins, and completes when the room empties', () => {
    const c = call();
    const caller = applyCallInput(c, join('alice', 1));
    expect(caller).toMatchObject({ changed: true, transition: null, call: { state: 'ringing', answeredAt: null } });
    const answered = applyCallInput(caller.call, join('bob', 5));
    expect(answered).toMatchObject({ transition: 'answered', call: { state: 'active', answeredAt: t(5) } });
    const r = foldCallInputs(answered.call, [leave('bob', 65), leave('alice', 66)]);
    expect(r.transitions).toEqual(['ended']);
    expect(r.call).toMatchObject({ state: 'ended', endReason: 'completed', endedAt: t(66) });
    expect(callTimelineContent(r.call)).toEqual({
      kind: 'call',
      callId: 'c1',
      callKind: 'audio',
      endReason: 'completed',
      durationSeconds: 61,
      participants: [
        { userId: 'alice', durationSeconds: 65 },
        { userId: 'bob', durationSeconds: 60 },
      ],
    });
  });

  it('ends an unanswered call as missed, declined (the last invitee) or cancelled (hang-up)', () => {
    expect(applyCallInput(call(), { type: 'missed', at: t(45) }).call).toMatchObject({ state: 'ended', endReason: 'missed', endedAt: t(45) });
    expect(applyCallInput(call(), { type: 'declined', userId: 'bob', at: t(3), last: true }).call).toMatchObject({ endReason: 'declined' });
    expect(applyCallInput(call('video'), { type: 'declined', userId: 'bob', at: t(3), last: false })).toMatchObject({
      changed: false,
      call: { state: 'ringing' },
    });
    expect(applyCallInput(call(), { type: 'end', at: t(4) }).call).toMatchObject({ endReason: 'cancelled' });
    expect(applyCallInput(call(), { type: 'end', at: t(9), answeredAt: t(2) }).call).toMatchObject({ endReason: 'completed', answeredAt: t(2) });
    expect(applyCallInput(call(), { type: 'failed', at: t(1) }).call).toMatchObject({ endReason: 'failed' });
  });

  it('a caller alone who leaves keeps the call ringing (the sweep decides), an explicit end cancels it', () => {
    const r = foldCallInputs(call(), [join('alice', 1), leave('alice', 2)]);
    expect(r.call.state).toBe('ringing');
    expect(applyCallInput(r.call, { type: 'end', at: t(3) }).call.endReason).toBe('cancelled');
  });

  it('never reopens an ended call: late answers, misses and ends change nothing', () => {
    const over = applyCallInput(call(), { type: 'missed', at: t(45) }).call;
    for (const input of [
      join('bob', 50),
      { type: 'missed', at: t(46) },
      { type: 'end', at: t(47) },
      { type: 'declined', userId: 'bob', at: t(48), last: true },
      { type: 'failed', at: t(49) },
    ] satisfies CallInput[]) {
      expect(applyCallInput(over, input)).toEqual({ call: over, changed: false, transition: null });
    }
    const done = foldCallInputs(call(), [join('bob', 1), { type: 'end', at: t(10) }]).call;
    expect(applyCallInput(done, { type: 'missed', at: t(45) }).changed).toBe(false);
    expect(applyCallInput(done, join('carol', 20)).changed).toBe(false);
  });

  it('an explicit end closes everyone still in at the end time; a later leave cannot stretch an unanswered call', () => {
    const done = foldCallInputs(call('video'), [join('alice', 0), join('bob', 2), join('carol', 3), leave('carol', 8), { type: 'end', at: t(10) }]).call;
    expect(done.participants.map((p) => [p.userId, p.leftAt, p.durationSeconds])).toEqual([
      ['alice', t(10), 10],
      ['bob', t(10), 8],
      ['carol', t(8), 5],
    ]);
    const cancelled = foldCallInputs(call(), [join('alice', 0), { type: 'end', at: t(5) }, leave('alice', 9)]).call;
    expect(cancelled).toMatchObject({ endReason: 'cancelled', endedAt: t(5), participants: [{ userId: 'alice', leftAt: t(5), durationSeconds: 5 }] });
  });

  it('keeps quality figures reported after the end, once', () => {
    const done = foldCallInputs(call(), [join('bob', 1), { type: 'end', at: t(10) }]).call;
    const q = applyCallInput(done, { type: 'quality', quality: { participants: 2, cq_score: 91 } });
    expect(q).toMatchObject({ changed: true, transition: null, call: { quality: { participants: 2, cq_score: 91 } } });
    expect(applyCallInput(q.call, { type: 'quality', quality: { participants: 2, cq_score: 91 } }).changed).toBe(false);
  });

  it('a group call driven by shuffled, duplicated join/leave facts ends once with the same participants and durations', () => {
    const facts = [join('alice', 0), join('bob', 5), join('carol', 6), leave('alice', 100), leave('bob', 200), leave('carol', 300)];
    const expected = foldCallInputs(call('video'), facts);
    expect(expected.transitions).toEqual(['answered', 'ended']);
    expect(expected.call).toMatchObject({ state: 'ended', endReason: 'completed', answeredAt: t(5), endedAt: t(300) });
    expect(expected.call.participants.map((p) => [p.userId, p.durationSeconds])).toEqual([
      ['alice', 100],
      ['bob', 195],
      ['carol', 294],
    ]);
    for (let seed = 1; seed <= 200; seed++) {
      const order = shuffled([...facts, facts[seed % facts.length] as CallInput, facts[(seed * 7) % facts.length] as CallInput], seed);
      const r = foldCallInputs(call('video'), order);
      expect(
        r.transitions.filter((x) => x === 'ended'),
        `seed ${seed}`,
      ).toEqual(['ended']);
      expect({ ...r.call }, `seed ${seed}`).toEqual(expected.call);
    }
  });

  it('a rejoin keeps the first join and the last leave', () => {
    const facts = [join('alice', 0), join('bob', 1), leave('bob', 10), join('bob', 20), leave('bob', 30), leave('alice', 31)];
    const inOrder = foldCallInputs(call(), facts).call;
    expect(inOrder.participants.find((p) => p.userId === 'bob')).toMatchObject({ joinedAt: t(1), leftAt: t(30), durationSeconds: 29 });
    expect(inOrder).toMatchObject({ state: 'ended', endedAt: t(31) });
  });
});
