import { isInCall } from '../../domain/calls/call.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { userChannel } from '../../ports/realtime-bus.js';
import type { CallDeps } from './call-deps.js';

/** Who may signal in a call: members in it, and while it rings every member (the callee answering). */
async function participants(deps: CallDeps, callId: string): Promise<Set<string> | null> {
  const call = await deps.store.get(callId);
  if (!call || call.state === 'ended') return null;
  const members = new Set(await deps.conversations.memberIds(call.conversationId));
  const allowed = call.state === 'ringing' ? [...members] : call.participants.filter(isInCall).map((p) => p.userId);
  return new Set(allowed.filter((id) => members.has(id)));
}

/**
 * Relays one WebRTC signalling message (offer, answer, ICE candidate: the `local` provider's
 * transport) from one participant of a live call to another, on the addressee's user channel.
 * Only between current participants: to anyone else, about an ended call or from outside it, the
 * call does not exist (404, an `error` frame with `not_found`). Never stored.
 */
export async function relaySignal(deps: CallDeps, fromUserId: string, input: { callId: string; toUserId: string; data: unknown }): Promise<void> {
  if (input.toUserId === fromUserId) throw new ValidationError('A signal goes to another participant', [{ field: 'toUserId', issue: 'is you' }]);
  const allowed = await participants(deps, input.callId);
  if (!allowed || !allowed.has(fromUserId) || !allowed.has(input.toUserId)) throw new NotFoundError('Call');
  await deps.publish(userChannel(input.toUserId), {
    type: 'call.signal',
    callId: input.callId,
    fromUserId,
    toUserId: input.toUserId,
    data: input.data,
    recipients: [input.toUserId],
  });
}
