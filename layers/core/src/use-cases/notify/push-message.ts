import type { User } from '../../domain/auth/user.js';
import type { ConversationWithMembers } from '../../domain/chat/conversation.js';
import type { Message } from '../../domain/chat/message.js';
import type { Job } from '../../domain/jobs/job.js';
import { parseMentions, resolveMentions } from '../../domain/mentions/mentions.js';
import { isQuietTime } from '../../domain/notify/do-not-disturb.js';
import { messageAlert } from '../../domain/notify/push.js';
import { deliver, targetsOf } from './deliver.js';
import { pushCall } from './push-call.js';
import type { NotifyDeps } from './notify-deps.js';

/** Why a member gets no push for a message (logged at debug, asserted by tests). */
export type SkipReason = 'connected' | 'push-disabled' | 'muted' | 'do-not-disturb' | 'unknown-user';

export interface PushPlan {
  recipients: string[];
  skipped: Map<string, SkipReason>;
}

/**
 * Decides who is notified of a new message. Never the sender. A member with a live gateway
 * connection is skipped: they see the message in the app. We cannot tell which conversation a
 * connected client has on screen, so "viewing the conversation" is approximated by "connected";
 * a mention therefore reaches exactly the mentioned members who are offline, like everyone else.
 * What a mention changes is mute: a muted conversation stays silent except for mentions of you.
 * Do-not-disturb silences every push, mentions included; `pushEnabled: false` silences all.
 */
export async function planPush(
  d: Pick<NotifyDeps, 'presence' | 'users' | 'clock'>,
  conversation: ConversationWithMembers,
  message: Message,
): Promise<PushPlan & { users: Map<string, User> }> {
  const others = conversation.members.filter((m) => m.userId !== message.senderId);
  const online = new Set<string>();
  await Promise.all(others.map(async (m) => (await d.presence.isOnline(m.userId)) && online.add(m.userId)));
  const offline = others.filter((m) => !online.has(m.userId));

  const loaded = await Promise.all([message.senderId, ...offline.map((m) => m.userId)].map((id) => d.users.findById(id)));
  const users = new Map(loaded.filter((u): u is User => u !== undefined).map((u) => [u.id, u]));
  const mentioned = mentionedIds(conversation, message, users, online);

  const skipped = new Map<string, SkipReason>([...online].map((id) => [id, 'connected' as const]));
  const recipients: string[] = [];
  const now = d.clock.now();
  for (const member of offline) {
    const user = users.get(member.userId);
    const reason: SkipReason | undefined = !user
      ? 'unknown-user'
      : !user.pushEnabled
        ? 'push-disabled'
        : member.muted && !mentioned.has(member.userId)
          ? 'muted'
          : isQuietTime(user.doNotDisturb, now)
            ? 'do-not-disturb'
            : undefined;
    if (reason) skipped.set(member.userId, reason);
    else recipients.push(member.userId);
  }
  return { recipients, skipped, users };
}

/**
 * The mention worker stores `message.mentions`, but it runs beside this one and may not have yet,
 * so the text is parsed here too (same rules, `domain/mentions`) against the members we loaded.
 */
function mentionedIds(conversation: ConversationWithMembers, message: Message, users: Map<string, User>, online: Set<string>): Set<string> {
  const byUsername = new Map([...users.values()].map((u) => [u.username.toLowerCase(), u.id]));
  const parsed = resolveMentions(parseMentions(message.text), { conversation, senderId: message.senderId, byUsername, online });
  return new Set([...message.mentions, ...parsed]);
}

/** The push worker: one alert per device of every member `planPush` selects. */
export async function pushMessage(d: NotifyDeps, job: Job<'push'>): Promise<void> {
  const ref = job.payload;
  if ('kind' in ref) return pushCall(d, { ...job, payload: ref });
  const [message, conversation] = await Promise.all([d.messages.get(ref.conversationId, ref.seq), d.conversations.get(ref.conversationId)]);
  // Deleted before we got to it, or gone: there is nothing left to announce.
  if (!message || message.deletedAt || !conversation) return;

  const plan = await planPush(d, conversation, message);
  if (plan.recipients.length === 0) return;
  const targets = await targetsOf(d, plan.recipients);
  if (targets.length === 0) return;
  const sender = plan.users.get(message.senderId);
  const alert = messageAlert({ conversation, senderName: sender?.displayName ?? 'Someone', message });
  await deliver(d, job, alert, targets);
}
