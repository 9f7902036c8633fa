import type { Job } from '../../domain/jobs/job.js';
import type { NewPendingEmail } from '../../ports/email-pending-store.js';
import { mentionedUsers } from '../mentions/detect-mentions.js';
import type { EmailWorkerDeps } from './email-deps.js';

/**
 * The `email` job: note who should hear of a new message by e-mail, to be sent after the delay by
 * `flushDueEmails` unless they read it first. Mentioned members whose setting is 'mentions' or
 * 'all', and every member whose setting is 'all'; never the sender, never who has read it. The
 * mentions are resolved here too (not read from the mention worker), since both jobs run at once.
 * Re-running it adds nothing: a pending row is keyed by (user, conversation, seq).
 */
export async function emailWorker(job: Job<'email'>, deps: EmailWorkerDeps): Promise<void> {
  const { conversationId, seq } = job.payload;
  const [conversation, message] = await Promise.all([deps.chat.conversations.get(conversationId), deps.chat.messages.get(conversationId, seq)]);
  if (!conversation || !message || message.deletedAt) return;
  const recipients = await deps.email.pending.recipients(conversationId, seq, message.senderId);
  if (recipients.length === 0) return;
  const mentioned = new Set(await mentionedUsers(deps, conversation, message));
  const now = deps.chat.clock.now();
  const dueAt = new Date(message.createdAt.getTime() + deps.email.delaySeconds * 1000);
  const rows = recipients.flatMap((r): NewPendingEmail[] => {
    const reason = mentioned.has(r.userId) ? 'mention' : r.emailNotifications === 'all' ? 'message' : undefined;
    return reason ? [{ userId: r.userId, conversationId, seq, reason, dueAt, createdAt: now }] : [];
  });
  await deps.email.pending.add(rows);
}
