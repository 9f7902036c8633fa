import {
  callDurationSeconds,
  callMessageClientId,
  callTimelineContent,
  isInCall,
  toCallView,
  type Call,
  type CallProviderName,
} from '../../domain/calls/call.js';
import { foldCallInputs, type CallInput } from '../../domain/calls/state-machine.js';
import type { Message } from '../../domain/chat/message.js';
import { toMessageView } from '../../domain/chat/message.js';
import { ConflictError } from '../../domain/errors.js';
import type { CallPushRef, Job, MessageRef } from '../../domain/jobs/job.js';
import { conversationChannel, userChannel } from '../../ports/realtime-bus.js';
import { relayJobs } from '../jobs/relay-outbox.js';
import type { CallDeps } from './call-deps.js';
import { cacheLiveCall } from './live-state.js';

/** Optimistic-update attempts before giving up (each loser re-reads; contention is a handful of writers). */
const MAX_ATTEMPTS = 10;

/**
 * Applies what happened to a call (`CallInput`s from a REST handler, the ring sweep, a provider
 * webhook, the local provider) and then has the effects of what changed. Returns the stored call,
 * or null for an unknown call.
 *
 * Exactly once: the inputs are folded by the pure state machine and stored by a conditional
 * `update` on the version read; of racing writers one wins and the others re-read and fold again,
 * so a duplicate finds its fact already applied and changes nothing. The effects belong to the
 * write that won: `call.accepted` for the transition to active, `call.declined` + `call.ended`
 * for the transition to ended, `call.updated` when only who is in the call changed. Nobody else
 * sees those transitions, so nobody else publishes them.
 *
 * The timeline message of an ended call is idempotent on its own (clientMsgId `call:<id>` from
 * the caller, `callMessageClientId`): it is appended after the winning write, and again (a no-op
 * when it exists) by any later input that reaches the ended call, which repairs a process that
 * died between the two. Its analytics job and the silent push that takes back the callees'
 * ringing go into the outbox with it, so they exist exactly when the message does.
 */
export async function advanceCall(deps: CallDeps, callId: string, inputs: readonly CallInput[]): Promise<Call | null> {
  return advance(deps, () => deps.store.get(callId), inputs);
}

/** `advanceCall` for a provider's report (webhooks), which names the call by the provider's id. */
export async function advanceCallByProvider(
  deps: CallDeps,
  provider: CallProviderName,
  providerCallId: string,
  inputs: readonly CallInput[],
): Promise<Call | null> {
  return advance(deps, () => deps.store.getByProviderId(provider, providerCallId), inputs);
}

const same = (a: Call, b: Call) => JSON.stringify(a) === JSON.stringify(b);

async function advance(deps: CallDeps, read: () => Promise<Call | null>, inputs: readonly CallInput[]): Promise<Call | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await read();
    if (!current) return null;
    const { call: next, transitions } = foldCallInputs(current, inputs);
    if (same(next, current)) {
      // A duplicate or a late fact: no effect, except making sure an ended call has its record.
      if (current.state === 'ended') await recordTimeline(deps, current);
      return current;
    }
    const stored = await deps.store.update(next, current.version);
    if (stored) {
      await effects(deps, current, stored, transitions, inputs);
      return stored;
    }
    if (attempt >= MAX_ATTEMPTS) throw new ConflictError(`Call ${current.id} is changing too fast; try again`);
  }
}

const inCallIds = (call: Call) =>
  call.participants
    .filter(isInCall)
    .map((p) => p.userId)
    .join(',');

async function effects(deps: CallDeps, before: Call, after: Call, transitions: readonly ('answered' | 'ended')[], inputs: readonly CallInput[]) {
  const members = await deps.conversations.memberIds(after.conversationId);
  await cacheLiveCall(deps, after, members);
  const view = toCallView(after);
  const toMembers = async (event: Parameters<CallDeps['publish']>[1]) => {
    await Promise.all(members.map((userId) => deps.publish(userChannel(userId), event)));
  };
  const callees = members.filter((id) => id !== after.createdBy);

  if (transitions.includes('answered')) {
    await toMembers({ type: 'call.accepted', call: view, recipients: members });
    // The callees' other devices stop ringing (their pushes too) once someone answered.
    if (!transitions.includes('ended')) await queueJobs(deps, [callPushJob(deps, after, 'cancel', callees)]);
  }
  if (before.state === 'ended') {
    // Facts from before the end, delivered after it, completed the record (ARTC and Stream deliver
    // out of order): the timeline message and the analytics record follow.
    await reviseTimeline(deps, before, after, members);
    return;
  }
  if (transitions.includes('ended')) {
    if (after.endReason === 'declined') {
      const decliner = [...inputs].reverse().find((i) => i.type === 'declined');
      if (decliner?.type === 'declined') await toMembers({ type: 'call.declined', call: view, userId: decliner.userId, recipients: members });
    }
    await toMembers({ type: 'call.ended', call: view, recipients: members });
    await recordTimeline(deps, after, members);
  } else if (!transitions.includes('answered') && inCallIds(before) !== inCallIds(after)) {
    // Someone joined or left a running call: clients update who is in it.
    await toMembers({ type: 'call.updated', call: view, recipients: members });
  }
}

/**
 * The effects of an end that another conditional write already won: the ring sweep's
 * `sweepRinging` ends calls in one UPDATE and returns each once, so it announces each once here.
 * Anyone still marked in (the caller, who never hung up) leaves at the end first.
 */
export async function announceEnded(deps: CallDeps, ended: Call): Promise<Call> {
  let call = ended;
  if (call.endedAt && call.participants.some(isInCall)) {
    const at = call.endedAt;
    const closed: Call = {
      ...call,
      participants: call.participants.map((p) =>
        isInCall(p) ? { ...p, leftAt: at, durationSeconds: p.joinedAt ? Math.max(0, Math.round((at.getTime() - p.joinedAt.getTime()) / 1000)) : 0 } : p,
      ),
    };
    call = (await deps.store.update(closed, call.version)) ?? call;
  }
  const members = await deps.conversations.memberIds(call.conversationId);
  await cacheLiveCall(deps, call, members);
  const view = toCallView(call);
  await Promise.all(members.map((userId) => deps.publish(userChannel(userId), { type: 'call.ended', call: view, recipients: members })));
  await recordTimeline(deps, call, members);
  return call;
}

/** Publishes jobs that belong to no message (best effort: a lost cancel leaves a stale ring, nothing else). */
async function queueJobs(deps: CallDeps, jobs: Job[]): Promise<void> {
  if (jobs.length === 0 || jobs.every((j) => j.type === 'push' && (j.payload as CallPushRef).userIds.length === 0)) return;
  await deps.jobs.publish(jobs).catch((err: unknown) => deps.log.warn({ err, jobs: jobs.map((j) => j.type) }, 'call job publish failed'));
}

/** A call's ring or cancel push for `userIds` (collapsed per call by the push worker). */
export function callPushJob(deps: CallDeps, call: Call, action: CallPushRef['action'], userIds: string[]): Job<'push'> {
  const payload: CallPushRef = {
    kind: 'call',
    action,
    callId: call.id,
    conversationId: call.conversationId,
    callKind: call.kind,
    callerId: call.createdBy,
    userIds,
  };
  return { id: deps.ids.id(), type: 'push', payload, createdAt: deps.clock.now().toISOString(), attempt: 0 };
}

/** The analytics record of an ended call. */
export function callStats(call: Call) {
  return {
    callId: call.id,
    conversationId: call.conversationId,
    provider: call.provider,
    kind: call.kind,
    startedAt: call.startedAt.toISOString(),
    endedAt: (call.endedAt ?? call.startedAt).toISOString(),
    participants: call.participants.filter((p) => p.joinedAt !== null).length,
    durationSeconds: callDurationSeconds(call),
    quality: call.quality,
  };
}

/**
 * Appends the ended call's timeline message (a `call` message from the caller, no text) with its
 * jobs, then does what a new message's send does: activity, the caller's read marker (a missed
 * call stays unread for the callees; a completed one is read by whoever was in it), `message.new`,
 * and relaying the outbox. A repeat finds the message and, unless it is repairing, stops there.
 */
async function recordTimeline(deps: CallDeps, call: Call, knownMembers?: string[]): Promise<Message> {
  const members = knownMembers ?? (await deps.conversations.memberIds(call.conversationId));
  const at = deps.clock.now();
  const iso = at.toISOString();
  const answered = call.answeredAt !== null;
  const jobsFor = (m: Message): Job[] => {
    const ref: MessageRef = { conversationId: m.conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt.toISOString() };
    const jobs: Job[] = [
      { id: deps.ids.id(), type: 'sync', payload: ref, createdAt: iso, attempt: 0 },
      { id: deps.ids.id(), type: 'analytics', payload: { kind: 'call', call: callStats(call) }, createdAt: iso, attempt: 0 },
    ];
    // Unanswered: the callees' phones still ring; answered: the answer took the ring back already.
    if (!answered) {
      const callees = members.filter((id) => id !== call.createdBy);
      if (callees.length > 0) jobs.push(callPushJob(deps, call, 'cancel', callees));
    }
    return jobs;
  };
  const { message, created, outbox } = await deps.messages.append(
    {
      id: deps.ids.id(),
      conversationId: call.conversationId,
      senderId: call.createdBy,
      clientMsgId: callMessageClientId(call.id),
      text: null,
      attachments: [],
      replyToSeq: null,
      createdAt: at,
      call: callTimelineContent(call),
    },
    jobsFor,
  );
  if (!created) return message;
  await deps.conversations.recordActivity(message.conversationId, message.seq, message.createdAt);
  const readers = new Set([call.createdBy, ...(answered ? call.participants.filter((p) => p.joinedAt !== null).map((p) => p.userId) : [])]);
  await Promise.all([...readers].map((userId) => deps.conversations.advanceRead(message.conversationId, userId, message.seq, at)));
  await deps.publish(conversationChannel(message.conversationId), { type: 'message.new', message: toMessageView(message), recipients: members });
  await relayJobs(deps, outbox).catch((err: unknown) =>
    deps.log.warn({ err, callId: call.id, jobs: outbox.length }, 'job relay failed; the outbox sweep will relay them'),
  );
  return message;
}

/**
 * An ended call whose figures changed: its timeline message gets the new record (`message.updated`,
 * and sync sees the change), and the analytics record is written again when its figures moved
 * (it is upserted by call id; Stream's quality report usually comes after the end).
 */
async function reviseTimeline(deps: CallDeps, before: Call, call: Call, members: string[]): Promise<void> {
  const message = await recordTimeline(deps, call, members);
  const revised = await deps.messages.setCall(message.conversationId, message.seq, callTimelineContent(call), deps.clock.now());
  if (revised && JSON.stringify(revised.call) !== JSON.stringify(message.call)) {
    await deps.publish(conversationChannel(revised.conversationId), { type: 'message.updated', message: toMessageView(revised), recipients: members });
  }
  if (JSON.stringify(callStats(before)) === JSON.stringify(callStats(call))) return;
  const job: Job = {
    id: deps.ids.id(),
    type: 'analytics',
    payload: { kind: 'call', call: callStats(call) },
    createdAt: deps.clock.now().toISOString(),
    attempt: 0,
  };
  await queueJobs(deps, [job]);
}
