import { toMessageView } from '../../domain/chat/message.js';
import { conversationChannel } from '../../ports/realtime-bus.js';
import type { ChatDeps } from './chat-deps.js';
import { requireMember } from './access.js';

export async function messageHistory(
  deps: ChatDeps,
  callerId: string,
  conversationId: string,
  query: { beforeSeq?: number | undefined; afterSeq?: number | undefined; limit: number },
) {
  await requireMember(deps, conversationId, callerId);
  const page = await deps.messages.range(conversationId, query);
  return { items: page.items.map(toMessageView), hasMore: page.hasMore };
}

/** Moves the caller's read marker forward (never back) and tells the other members and devices. */
export async function markRead(deps: ChatDeps, callerId: string, conversationId: string, seq: number) {
  await requireMember(deps, conversationId, callerId);
  const latest = (await deps.messages.latest([conversationId])).get(conversationId);
  const target = Math.min(seq, latest?.seq ?? 0);
  const before = (await deps.conversations.member(conversationId, callerId))?.readSeq ?? 0;
  const now = await deps.conversations.advanceRead(conversationId, callerId, target, deps.clock.now());
  if (now > before) {
    const recipients = await deps.conversations.memberIds(conversationId);
    await deps.publish(conversationChannel(conversationId), { type: 'read', conversationId, userId: callerId, seq: now, recipients });
    await deps
      .onRead?.(conversationId, callerId, now)
      .catch((err: unknown) => deps.log.warn({ err, conversationId }, 'read bookkeeping failed; unread-mention counters stay stale until the next read'));
  }
  return { conversationId, seq: now };
}
