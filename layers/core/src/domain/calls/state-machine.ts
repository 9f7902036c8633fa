import { isInCall, type Call, type CallParticipant, type CallQuality } from './call.js';

/**
 * What can happen to a call, whoever reports it: our REST handlers, the ring-timeout sweep, a
 * provider webhook or the local provider. Times are when it happened, never when it arrived.
 */
export type CallInput =
  | { type: 'joined'; userId: string; at: Date }
  /** `joinedAt`: the session's join time when the reporter knows it (Stream's participant.joined_at). */
  | { type: 'left'; userId: string; at: Date; joinedAt?: Date | undefined }
  /** `last`: nobody else is left to answer (always so in a 1:1 call); only then does the call end. */
  | { type: 'declined'; userId: string; at: Date; last: boolean }
  /** Ended for everyone (hang-up, provider session over). `answeredAt`: the provider says someone answered. */
  | { type: 'end'; at: Date; answeredAt?: Date | undefined }
  | { type: 'missed'; at: Date }
  | { type: 'failed'; at: Date }
  | { type: 'quality'; quality: CallQuality };

export interface CallStep {
  call: Call;
  /** False when the input changed nothing (a duplicate, or too late to matter). */
  changed: boolean;
  /** The state this input moved the call into; at most one `ended` per call, however inputs repeat. */
  transition: 'answered' | 'ended' | null;
}

const minDate = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a <= b ? a : b);
const maxDate = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a >= b ? a : b);
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

function withDuration(p: CallParticipant): CallParticipant {
  const durationSeconds = p.joinedAt && p.leftAt && !isInCall(p) ? seconds(p.joinedAt, p.leftAt) : 0;
  return { ...p, durationSeconds };
}

/** Merging min/max of the facts makes the result independent of arrival order and repetition. */
function mergeFact(participants: CallParticipant[], userId: string, fact: { joinedAt?: Date; leftAt?: Date }): CallParticipant[] {
  const old = participants.find((p) => p.userId === userId) ?? { userId, joinedAt: null, lastJoinedAt: null, leftAt: null, durationSeconds: 0 };
  const next = withDuration({
    userId,
    joinedAt: minDate(old.joinedAt, fact.joinedAt ?? null),
    lastJoinedAt: maxDate(old.lastJoinedAt, fact.joinedAt ?? null),
    leftAt: maxDate(old.leftAt, fact.leftAt ?? null),
    durationSeconds: 0,
  });
  const rest = participants.filter((p) => p.userId !== userId);
  return [...rest, next].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Everyone still in leaves at `at` (the call ended around them). */
const closeAll = (participants: CallParticipant[], at: Date) => participants.map((p) => (isInCall(p) ? withDuration({ ...p, leftAt: at }) : p));

const emptied = (ps: CallParticipant[]) => ps.length > 0 && ps.every((p) => p.joinedAt !== null && !isInCall(p));
const lastLeave = (ps: CallParticipant[]) => ps.reduce<Date | null>((m, p) => maxDate(m, p.leftAt), null);
const answerOf = (call: Call, ps: CallParticipant[]) =>
  ps.filter((p) => p.userId !== call.createdBy).reduce<Date | null>((m, p) => minDate(m, p.joinedAt), null);

function ended(call: Call, reason: NonNullable<Call['endReason']>, at: Date, participants = call.participants): Call {
  return { ...call, state: 'ended', endReason: reason, endedAt: at, participants: closeAll(participants, at) };
}

function presence(call: Call, input: Extract<CallInput, { type: 'joined' | 'left' }>): Call {
  const fact = input.type === 'joined' ? { joinedAt: input.at } : { leftAt: input.at, ...(input.joinedAt ? { joinedAt: input.joinedAt } : {}) };
  if (call.state === 'ended') return lateFact(call, input, fact);
  const participants = mergeFact(call.participants, input.userId, fact);
  const answeredAt = minDate(call.answeredAt, answerOf(call, participants));
  const next: Call = { ...call, participants, answeredAt, state: answeredAt ? 'active' : call.state };
  // An emptied room ends an answered call; a caller alone in an unanswered one waits for the sweep.
  if (next.state === 'active' && emptied(participants)) return ended(next, 'completed', lastLeave(participants) ?? input.at);
  return next;
}

/**
 * After the end, facts from before it still arrive (deliveries are shuffled): they complete the
 * record without reopening it. A completed call's end moves to the last leave of someone who was
 * in before it; an unanswered call keeps its end, and nobody stays past it.
 */
function lateFact(call: Call, input: Extract<CallInput, { type: 'joined' | 'left' }>, fact: { joinedAt?: Date; leftAt?: Date }): Call {
  const endedAt = call.endedAt ?? input.at;
  const extend = call.endReason === 'completed';
  // A completed call keeps any leave: its join (before the end) may still be on its way.
  const relevant = input.at <= endedAt || (extend && input.type === 'left');
  if (!relevant) return call;
  const leftAt = fact.leftAt && !extend && fact.leftAt > endedAt ? endedAt : fact.leftAt;
  let participants = mergeFact(call.participants, input.userId, { ...fact, ...(leftAt ? { leftAt } : {}) });
  if (!extend) participants = closeAll(participants, endedAt);
  const answeredAt = extend ? minDate(call.answeredAt, answerOf(call, participants)) : call.answeredAt;
  const newEnd = extend ? maxDate(endedAt, lastLeave(participants.filter((p) => p.joinedAt !== null && p.joinedAt <= endedAt))) : endedAt;
  return { ...call, participants, answeredAt, endedAt: newEnd };
}

function next(call: Call, input: CallInput): Call {
  switch (input.type) {
    case 'joined':
    case 'left':
      return presence(call, input);
    case 'quality':
      return { ...call, quality: input.quality };
    case 'declined':
      return call.state === 'ringing' && input.last ? ended(call, 'declined', input.at) : call;
    case 'missed':
      return call.state === 'ringing' ? ended(call, 'missed', input.at) : call;
    case 'failed':
      return call.state === 'ended' ? call : ended(call, 'failed', input.at);
    case 'end': {
      if (call.state === 'active') return ended(call, 'completed', input.at);
      if (call.state !== 'ringing') return call;
      const answeredAt = minDate(call.answeredAt, input.answeredAt ?? null);
      return answeredAt ? ended({ ...call, answeredAt }, 'completed', input.at) : ended(call, 'cancelled', input.at);
    }
  }
}

const same = (a: Call, b: Call) => JSON.stringify(a) === JSON.stringify(b);

/** Applies one input to a call. Pure: the store persists the result under an optimistic lock. */
export function applyCallInput(call: Call, input: CallInput): CallStep {
  const after = next(call, input);
  if (same(call, after)) return { call, changed: false, transition: null };
  const transition = after.state === call.state ? null : after.state === 'ended' ? 'ended' : 'answered';
  return { call: after, changed: true, transition };
}

/** Folds inputs in order; `transitions` lists each transition once, in the order it happened. */
export function foldCallInputs(call: Call, inputs: readonly CallInput[]): { call: Call; transitions: ('answered' | 'ended')[] } {
  const transitions: ('answered' | 'ended')[] = [];
  let current = call;
  for (const input of inputs) {
    const step = applyCallInput(current, input);
    if (step.transition) transitions.push(step.transition);
    current = step.call;
  }
  return { call: current, transitions };
}
