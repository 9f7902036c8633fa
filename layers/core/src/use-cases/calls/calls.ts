import { checkCallAllowed, newCall, toCallView, type Call, type CallKind, type CallView } from '../../domain/calls/call.js';
import type { ConversationWithMembers } from '../../domain/chat/conversation.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { CallCredentials } from '../../ports/call-provider.js';
import { userChannel } from '../../ports/realtime-bus.js';
import { advanceCall, announceEnded, callPushJob } from './advance-call.js';
import type { CallDeps } from './call-deps.js';
import { cacheLiveCall } from './live-state.js';

export interface CallWithCredentials {
  call: CallView;
  credentials: CallCredentials;
}

/** The conversation, if `userId` is a current member; 404 otherwise (ids cannot be probed). */
async function memberConversation(deps: CallDeps, conversationId: string, userId: string): Promise<ConversationWithMembers> {
  const conversation = await deps.conversations.get(conversationId);
  if (!conversation || !conversation.members.some((m) => m.userId === userId)) throw new NotFoundError('Conversation');
  return conversation;
}

/** The call and its conversation, for current members of that conversation; 404 for anyone else. */
async function memberCall(deps: CallDeps, callId: string, userId: string): Promise<{ call: Call; conversation: ConversationWithMembers }> {
  const call = await deps.store.get(callId);
  const conversation = call && (await deps.conversations.get(call.conversationId));
  if (!call || !conversation || !conversation.members.some((m) => m.userId === userId)) throw new NotFoundError('Call');
  return { call, conversation };
}

const credentialsFor = (deps: CallDeps, call: Call, userId: string) =>
  deps.providers.get(call.provider).credentials({ providerCallId: call.providerCallId, userId, ttlSeconds: deps.limits.credentialTtlSeconds });

/** The local provider's bookkeeping of who is in (a cloud provider learns it from its own SDK). */
function tellLocal(deps: CallDeps, call: Call, userId: string, what: 'joined' | 'left') {
  const provider = deps.providers.get(call.provider) as Partial<Record<'joined' | 'left', (providerCallId: string, userId: string) => void>>;
  provider[what]?.(call.providerCallId, userId);
}

/**
 * Starts a call in a conversation and rings the other members: `call.ringing` on each callee's user
 * channel (every device), and a high-priority push for the ones offline (the push worker skips the
 * connected, the muted and those in do-not-disturb). A conversation has at most one live call:
 * starting another returns that one (`created: false`, HTTP 200) with credentials to join it.
 */
export async function startCall(
  deps: CallDeps,
  userId: string,
  input: { conversationId: string; kind: CallKind },
): Promise<CallWithCredentials & { created: boolean }> {
  const conversation = await memberConversation(deps, input.conversationId, userId);
  const live = await deps.store.getLive(conversation.id);
  if (live) return { call: toCallView(live), credentials: await credentialsFor(deps, live, userId), created: false };
  checkCallAllowed({
    conversationType: conversation.type,
    kind: input.kind,
    memberCount: conversation.members.length,
    maxParticipants: deps.limits.maxParticipants,
  });

  const provider = deps.providers.forKind(input.kind);
  const id = deps.ids.id();
  const at = deps.clock.now();
  // The caller is in from the start (a cloud provider's own join report only confirms it).
  const fresh = newCall({ id, conversationId: conversation.id, kind: input.kind, provider: provider.name, providerCallId: id, createdBy: userId, at });
  const { call: stored, created } = await deps.store.create({
    ...fresh,
    participants: [{ userId, joinedAt: at, lastJoinedAt: at, leftAt: null, durationSeconds: 0 }],
  });
  if (!created) return { call: toCallView(stored), credentials: await credentialsFor(deps, stored, userId), created: false };

  const memberIds = conversation.members.map((m) => m.userId);
  try {
    await provider.createRoom({ providerCallId: stored.providerCallId, kind: stored.kind, createdBy: userId, memberIds });
  } catch (error) {
    // No room, no call: end it as failed (so the conversation is free for another try) and say why.
    await advanceCall(deps, stored.id, [{ type: 'failed', at: deps.clock.now() }]);
    throw error;
  }
  const call = stored;
  await cacheLiveCall(deps, call, memberIds);
  tellLocal(deps, call, userId, 'joined');

  const callees = memberIds.filter((m) => m !== userId);
  const view = toCallView(call);
  await Promise.all(callees.map((callee) => deps.publish(userChannel(callee), { type: 'call.ringing', call: view, recipients: memberIds })));
  await deps.jobs.publish([callPushJob(deps, call, 'ring', callees)]).catch((err: unknown) => deps.log.warn({ err, callId: call.id }, 'ring push not queued'));
  return { call: view, credentials: await credentialsFor(deps, call, userId), created: true };
}

/** Joins (answers) a live call; the first callee in makes it active and stops everyone else's ringing. */
export async function joinCall(deps: CallDeps, userId: string, callId: string): Promise<CallWithCredentials> {
  const { call } = await memberCall(deps, callId, userId);
  if (call.state === 'ended') throw new ConflictError('The call has ended', [{ field: 'callId', issue: `ended (${call.endReason})` }]);
  const after = (await advanceCall(deps, call.id, [{ type: 'joined', userId, at: deps.clock.now() }])) ?? call;
  if (after.state === 'ended') throw new ConflictError('The call has ended', [{ field: 'callId', issue: `ended (${after.endReason})` }]);
  tellLocal(deps, after, userId, 'joined');
  return { call: toCallView(after), credentials: await credentialsFor(deps, after, userId) };
}

/**
 * Declines a ringing call. In a direct conversation that ends it (`declined`); in a group the
 * others may still answer, so it only stops the decliner's own devices (`call.declined`).
 */
export async function declineCall(deps: CallDeps, userId: string, callId: string): Promise<{ call: CallView }> {
  const { call, conversation } = await memberCall(deps, callId, userId);
  if (call.createdBy === userId) throw new ForbiddenError('The caller cannot decline their own call: end it');
  const last = conversation.type === 'direct';
  const after = (await advanceCall(deps, call.id, [{ type: 'declined', userId, at: deps.clock.now(), last }])) ?? call;
  if (!(after.state === 'ended' && after.endReason === 'declined' && call.state !== 'ended')) {
    // Nothing ended: the decliner's other devices still need to stop ringing.
    const memberIds = conversation.members.map((m) => m.userId);
    await deps.publish(userChannel(userId), { type: 'call.declined', call: toCallView(after), userId, recipients: memberIds });
  }
  return { call: toCallView(after) };
}

/**
 * Leaves a call; the last one out of an answered call ends it (`completed`). The caller leaving a
 * call nobody answered yet hangs it up (`cancelled`): there is nobody left to answer to.
 */
export async function leaveCall(deps: CallDeps, userId: string, callId: string): Promise<{ call: CallView }> {
  const { call } = await memberCall(deps, callId, userId);
  const at = deps.clock.now();
  const hangUp = call.state === 'ringing' && call.createdBy === userId;
  const after = (await advanceCall(deps, call.id, [{ type: 'left', userId, at }, ...(hangUp ? [{ type: 'end' as const, at }] : [])])) ?? call;
  tellLocal(deps, after, userId, 'left');
  if (after.state === 'ended') await endAtProvider(deps, after);
  return { call: toCallView(after) };
}

/**
 * Ends a call for everyone: the caller, or an owner or admin of the conversation (403 for other
 * members). Unanswered it ends `cancelled`, answered `completed`; ending an ended call is a no-op.
 */
export async function endCall(deps: CallDeps, userId: string, callId: string): Promise<{ call: CallView }> {
  const { call, conversation } = await memberCall(deps, callId, userId);
  const role = conversation.members.find((m) => m.userId === userId)?.role;
  if (call.createdBy !== userId && role !== 'owner' && role !== 'admin')
    throw new ForbiddenError('Only the caller or a conversation admin can end the call for everyone');
  const after = (await advanceCall(deps, call.id, [{ type: 'end', at: deps.clock.now() }])) ?? call;
  await endAtProvider(deps, after);
  return { call: toCallView(after) };
}

/** Closes the provider's room; idempotent there, and a failure leaves it to expire (we already ended it). */
async function endAtProvider(deps: CallDeps, call: Call): Promise<void> {
  await deps.providers
    .get(call.provider)
    .end(call.providerCallId)
    .catch((err: unknown) => deps.log.warn({ err, callId: call.id, provider: call.provider }, 'provider end failed; the room expires on its own'));
}

export async function getCall(deps: CallDeps, userId: string, callId: string): Promise<{ call: CallView }> {
  return { call: toCallView((await memberCall(deps, callId, userId)).call) };
}

/** A conversation's calls (members only) or the caller's missed calls, newest first. */
export async function listCalls(
  deps: CallDeps,
  userId: string,
  query: { conversationId?: string | undefined; missed?: 'true' | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: CallView[]; nextCursor: string | null }> {
  const page = { cursor: query.cursor, limit: query.limit };
  let result;
  if (query.conversationId !== undefined) {
    await memberConversation(deps, query.conversationId, userId);
    result = await deps.store.history(query.conversationId, page);
  } else {
    result = await deps.store.missedFor(userId, page);
  }
  return { items: result.items.map(toCallView), nextCursor: result.nextCursor };
}

/**
 * The ring timeout (timer-calls-ring-sweep): every call still ringing after `ringSeconds` ends as
 * missed, with the same effects as any other end (call.ended, the timeline message, analytics).
 * The sweep's conditional update already ended them and returns each once, so each is
 * announced once (`announceEnded`).
 */
export async function sweepRingingCalls(deps: CallDeps): Promise<{ missed: number; failed: number }> {
  const now = deps.clock.now();
  const swept = await deps.store.sweepRinging(new Date(now.getTime() - deps.limits.ringSeconds * 1000), now);
  let failed = 0;
  for (const call of swept) {
    // One call's failure must not cost the others their end; its timeline message is repaired by
    // the next input that reaches it (a late leave, a webhook), as after any crash.
    try {
      await announceEnded(deps, call);
      await endAtProvider(deps, call);
    } catch (err) {
      failed++;
      deps.log.warn({ err, callId: call.id }, 'announcing a missed call failed');
    }
  }
  return { missed: swept.length, failed };
}
