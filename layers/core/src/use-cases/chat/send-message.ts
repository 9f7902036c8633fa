import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH, toMessageView, type Message } from '../../domain/chat/message.js';
import { ValidationError } from '../../domain/errors.js';
import { noReplyTarget } from '../../domain/chat/send-errors.js';
import { jobsForMessage } from '../../domain/jobs/job.js';
import type { SendMessageInput } from '../../ports/chat-api.js';
import { conversationChannel } from '../../ports/realtime-bus.js';
import type { ChatDeps } from './chat-deps.js';
import { requireMember } from './access.js';
import { relayJobs } from '../jobs/relay-outbox.js';
import { attachMedia } from '../media/attachments.js';

/** The shape every transport validates with `SendMessageInput` (api/chat-schemas.ts). */
export type SendInput = SendMessageInput;

/**
 * Persists a message, then fans it out. Retrying with the same clientMsgId returns the original
 * message and fans it out again (receivers drop seqs they already have), which repairs a send
 * whose first attempt stored the message but died before publishing.
 *
 * A new message's jobs (push, e-mail, mentions…) are stored with it (the outbox) and relayed to
 * the job queue before returning (after it, in a long-lived process: `ChatDeps.relayAfterReply`). If the broker is unreachable the send still succeeds: the jobs
 * wait in the outbox for the `timer-outbox-relay` sweep. A repeat queues no jobs.
 */
export async function sendMessage(deps: ChatDeps, senderId: string, input: SendInput) {
  const text = input.text ?? null;
  const attachments = input.attachments ?? [];
  if ((text === null || text.trim() === '') && attachments.length === 0)
    throw new ValidationError('A message needs text or attachments', [{ field: 'text', issue: 'is empty' }]);
  if (text !== null && [...text].length > MAX_TEXT_LENGTH)
    throw new ValidationError(`Text is limited to ${MAX_TEXT_LENGTH} characters`, [{ field: 'text', issue: `longer than ${MAX_TEXT_LENGTH} characters` }]);
  if (attachments.length > MAX_ATTACHMENTS) throw new ValidationError(`At most ${MAX_ATTACHMENTS} attachments`, [{ field: 'attachments', issue: 'too many' }]);
  // Attaching writes to the media before the message exists: only a member with a valid reply
  // may get that far. Without attachments the store checks both itself, in the same round trip.
  if (attachments.length > 0) {
    await requireMember(deps, input.conversationId, senderId);
    if (input.replyToSeq !== undefined && !(await deps.messages.get(input.conversationId, input.replyToSeq))) throw noReplyTarget();
  }

  const at = deps.clock.now();
  const stored = await attachMedia(deps.media, { conversationId: input.conversationId, senderId, clientMsgId: input.clientMsgId }, attachments, at);
  const draft = {
    id: deps.ids.id(),
    conversationId: input.conversationId,
    senderId,
    clientMsgId: input.clientMsgId,
    text,
    attachments: stored,
    replyToSeq: input.replyToSeq ?? null,
    createdAt: at,
  };
  // Only a new message's jobs are stored; the store may call this before the seq exists (JobsFor).
  const jobsFor = (m: Message) =>
    jobsForMessage(
      { conversationId: m.conversationId, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt.toISOString() },
      () => deps.ids.id(),
      at.toISOString(),
    );
  // Membership, the repeat check, the reply target, the seq, the outbox, activity and the read
  // marker: one store operation (one statement on PostgreSQL), see MessageStore.send.
  const { message, created, outbox, recipients } = await deps.messages.send(draft, jobsFor);
  const view = toMessageView(message);
  await deps.publish(conversationChannel(message.conversationId), { type: 'message.new', message: view, recipients });
  const relayed = relayJobs(deps, outbox).catch((err: unknown) =>
    deps.log.warn({ err, messageId: message.id, jobs: outbox.length }, 'job relay failed; the outbox sweep will relay them'),
  );
  if (!deps.relayAfterReply) await relayed;
  return { message: view, created };
}
