import type { CallPushRef, Job } from '../../domain/jobs/job.js';
import { isQuietTime } from '../../domain/notify/do-not-disturb.js';
import type { CallPush } from '../../domain/notify/push.js';
import { deliver, targetsOf } from './deliver.js';
import type { NotifyDeps } from './notify-deps.js';

function callPush(ref: CallPushRef, callerName: string | null): CallPush {
  const ring = ref.action === 'ring';
  return {
    kind: 'call',
    action: ref.action,
    title: ring ? (callerName ?? 'Someone') : null,
    body: ring ? (ref.callKind === 'audio' ? 'Incoming call' : 'Incoming video call') : null,
    data: { type: 'call', action: ref.action, callId: ref.callId, conversationId: ref.conversationId, callKind: ref.callKind, callerId: ref.callerId },
    collapseId: `call:${ref.callId}`,
  };
}

/**
 * A call's push job. `ring`: the callees who are offline (a connected one rings over the gateway),
 * honouring push settings, mute and do-not-disturb as message pushes do. `cancel`: every device of
 * the callees, silently (whoever got the ring gets its cancel, whatever their settings are now).
 */
export async function pushCall(d: NotifyDeps, job: Job<'push'> & { payload: CallPushRef }): Promise<void> {
  const ref = job.payload;
  if (ref.userIds.length === 0) return;
  if (ref.action === 'cancel') {
    const targets = await targetsOf(d, ref.userIds);
    if (targets.length > 0) await deliver(d, job, callPush(ref, null), targets);
    return;
  }
  const conversation = await d.conversations.get(ref.conversationId);
  if (!conversation) return;
  const now = d.clock.now();
  const recipients: string[] = [];
  for (const userId of ref.userIds) {
    const member = conversation.members.find((m) => m.userId === userId);
    if (!member || member.muted || (await d.presence.isOnline(userId))) continue;
    const user = await d.users.findById(userId);
    if (!user || !user.pushEnabled) continue;
    // Quiet hours silence calls too, unless the user lets direct calls through.
    if (isQuietTime(user.doNotDisturb, now) && !(conversation.type === 'direct' && user.directCallsThroughDnd)) continue;
    recipients.push(userId);
  }
  if (recipients.length === 0) return;
  const targets = await targetsOf(d, recipients);
  if (targets.length === 0) return;
  const caller = await d.users.findById(ref.callerId);
  await deliver(d, job, callPush(ref, caller?.displayName ?? null), targets);
}
