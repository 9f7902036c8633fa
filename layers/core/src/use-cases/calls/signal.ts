import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { userChannel } from '../../ports/realtime-bus.js';
import type { CallDeps } from './call-deps.js';
import { mayExchangeSignals } from './live-state.js';

/**
 * Relays one WebRTC signalling message (offer, answer, ICE candidate: the `local` provider's
 * transport) from one participant of a live call to another, on the addressee's user channel.
 * Only between current participants: to anyone else, about an ended call or from outside it, the
 * call does not exist (404, an `error` frame with `not_found`). Never stored.
 */
export async function relaySignal(deps: CallDeps, fromUserId: string, input: { callId: string; toUserId: string; data: unknown }): Promise<void> {
  if (input.toUserId === fromUserId) throw new ValidationError('A signal goes to another participant', [{ field: 'toUserId', issue: 'is you' }]);
  if (!(await mayExchangeSignals(deps, input.callId, [fromUserId, input.toUserId]))) throw new NotFoundError('Call');
  await deps.publish(userChannel(input.toUserId), {
    type: 'call.signal',
    callId: input.callId,
    fromUserId,
    toUserId: input.toUserId,
    data: input.data,
    recipients: [input.toUserId],
  });
}
