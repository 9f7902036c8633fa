import { toMessageView } from '../../domain/chat/message.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { ChatDeps } from './chat-deps.js';

const MAX_MESSAGES = 500;
// Writers stamp changes with their own clocks; re-reading a few seconds keeps a change stamped
// just before the previous sync's "now" from being skipped. Clients merge by (conversationId, seq).
const OVERLAP_MS = 5_000;

const CURSOR = ['time'] as const;

export function encodeSyncCursor(since: Date): string {
  return encodeCursor(CURSOR, [since]);
}

/**
 * Everything that changed for the caller since the cursor: new and changed messages, read markers
 * and memberships. Without a cursor it starts from now (a fresh client loads history instead).
 */
export async function sync(deps: ChatDeps, callerId: string, cursor: string | undefined) {
  const now = deps.clock.now();
  if (!cursor) return { messages: [], readMarkers: [], memberships: [], cursor: encodeSyncCursor(now), hasMore: false };
  const since = new Date(decodeCursor(CURSOR, cursor)[0].getTime() - OVERLAP_MS);
  const conversationIds = await deps.conversations.conversationIdsForUser(callerId);
  const [changes, messages] = await Promise.all([
    deps.conversations.changesSince(callerId, since),
    deps.messages.changedSince(conversationIds, since, MAX_MESSAGES + 1),
  ]);
  const hasMore = messages.length > MAX_MESSAGES;
  const page = messages.slice(0, MAX_MESSAGES);
  // With more to fetch, the next cursor stops at the last change returned, so nothing is skipped.
  const next = hasMore ? new Date(Math.max(...page.map((m) => (m.editedAt ?? m.deletedAt ?? m.createdAt).getTime()))) : now;
  return {
    messages: page.map(toMessageView),
    readMarkers: changes.readMarkers,
    memberships: changes.memberships.map((m) => ({ ...m, at: m.at.toISOString() })),
    cursor: encodeSyncCursor(new Date(next.getTime() + (hasMore ? OVERLAP_MS : 0))),
    hasMore,
  };
}
