import type { MentionDeps } from './mention-deps.js';

/** `GET /v1/mentions`: the caller's mentions, newest first, each with whether they have read it. */
export async function listMentions(
  deps: Pick<MentionDeps, 'store'>,
  callerId: string,
  query: { cursor?: string | undefined; limit: number; unreadOnly: boolean },
) {
  const page = await deps.store.listForUser(callerId, query);
  return {
    items: page.items.map((m) => ({
      conversationId: m.conversationId,
      seq: m.seq,
      messageId: m.messageId,
      senderId: m.senderId,
      createdAt: m.createdAt.toISOString(),
      read: m.read,
    })),
    nextCursor: page.nextCursor,
  };
}
