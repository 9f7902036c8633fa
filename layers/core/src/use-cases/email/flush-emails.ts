import type { User } from '../../domain/auth/user.js';
import type { ConversationWithMembers } from '../../domain/chat/conversation.js';
import type { Message } from '../../domain/chat/message.js';
import { notificationEmail } from '../../domain/email/notification-email.js';
import type { PendingGroup } from '../../ports/email-pending-store.js';
import type { EmailFlushDeps } from './email-deps.js';

/** A flusher that dies mid-send gives its rows back after this long. */
const LEASE_MS = 5 * 60_000;
/** A group that failed this often is dropped (and reported) instead of retried forever. */
export const MAX_EMAIL_ATTEMPTS = 5;

export interface FlushResult {
  sent: number;
  /** Read, unsubscribed, left or deleted meanwhile: nothing to say. */
  cancelled: number;
  dropped: number;
  failed: { userId: string; conversationId: string; error: unknown }[];
}

/**
 * The flush timer: sends one e-mail per (user, conversation) whose oldest pending notification is
 * due, covering everything pending there. What the user has read since, what their setting no
 * longer wants and deleted messages are left out; a failed send keeps its rows for a later run.
 */
export async function flushDueEmails(deps: EmailFlushDeps, limit = 100): Promise<FlushResult> {
  const now = deps.chat.clock.now();
  const groups = await deps.email.pending.claimDue(now, new Date(now.getTime() + LEASE_MS), limit);
  const result: FlushResult = { sent: 0, cancelled: 0, dropped: 0, failed: [] };
  for (const group of groups) {
    try {
      result[await flushGroup(deps, group)]++;
    } catch (error) {
      result.failed.push({ userId: group.userId, conversationId: group.conversationId, error });
    }
  }
  return result;
}

async function flushGroup(deps: EmailFlushDeps, group: PendingGroup): Promise<'sent' | 'cancelled' | 'dropped'> {
  const { userId, conversationId } = group;
  const done = () =>
    deps.email.pending.remove(
      userId,
      conversationId,
      group.items.map((i) => i.seq),
    );
  if (group.attempts > MAX_EMAIL_ATTEMPTS) {
    await done();
    return 'dropped';
  }
  const [user, conversation] = await Promise.all([deps.auth.users.findById(userId), deps.chat.conversations.get(conversationId)]);
  const member = conversation?.members.find((m) => m.userId === userId);
  const setting = user?.emailNotifications;
  const wanted =
    member && (setting === 'all' || setting === 'mentions')
      ? group.items.filter((i) => i.seq > member.readSeq && (setting === 'all' || i.reason === 'mention'))
      : [];
  const messages = (await Promise.all(wanted.map((i) => deps.chat.messages.get(conversationId, i.seq)))).filter((m): m is Message => !!m && !m.deletedAt);
  if (!user || !conversation || (setting !== 'all' && setting !== 'mentions') || messages.length === 0) {
    await done();
    return 'cancelled';
  }
  const senders = await namesOf(deps, [...new Set(messages.map((m) => m.senderId))]);
  const mentioned = new Set(group.items.filter((i) => i.reason === 'mention').map((i) => i.seq));
  const base = deps.email.publicBaseUrl;
  const email = notificationEmail({
    recipientName: user.displayName || user.username,
    conversationName: conversationName(conversation, userId, senders),
    messages: messages.map((m) => ({
      senderName: senders.get(m.senderId) ?? 'Someone',
      text: m.text ?? '(attachment)',
      createdAt: m.createdAt,
      mentioned: mentioned.has(m.seq),
    })),
    conversationUrl: `${base}/#/conversations/${encodeURIComponent(conversationId)}`,
    unsubscribeUrl: `${base}/v1/email/unsubscribe?token=${deps.email.tokens.sign(userId)}`,
    setting,
  });
  await (await deps.email.mailer()).send({ to: user.email, ...email });
  await done();
  return 'sent';
}

async function namesOf(deps: EmailFlushDeps, userIds: string[]): Promise<Map<string, string>> {
  const users = await Promise.all(userIds.map((id) => deps.auth.users.findById(id)));
  return new Map(users.filter((u): u is User => !!u).map((u) => [u.id, u.displayName || u.username]));
}

/** The group's title, or for a direct conversation the other person's name. */
function conversationName(conversation: ConversationWithMembers, recipientId: string, names: Map<string, string>): string {
  if (conversation.type === 'group') return conversation.title ? `"${conversation.title}"` : 'a group';
  const other = conversation.members.find((m) => m.userId !== recipientId)?.userId;
  return `your conversation with ${(other && names.get(other)) ?? 'a contact'}`;
}
