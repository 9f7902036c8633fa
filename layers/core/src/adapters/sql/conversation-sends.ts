import type { RecordedSend } from '../../ports/conversation-store.js';
import { SqlState, sqlStateOf, type SqlExecutor } from '../../ports/sql.js';

/**
 * `ConversationStore.memberIdsOf`: one read for every conversation of a batch of sends. In user
 * order, as `send_messages` lists recipients: a send and its repeat name them the same way.
 */
export async function memberIdsOf(db: SqlExecutor, conversationIds: readonly string[]): Promise<Map<string, string[]>> {
  const byConversation = new Map(conversationIds.map((id) => [id, [] as string[]]));
  if (byConversation.size === 0) return byConversation;
  const { rows } = await db.query<{ conversation_id: string; user_id: string }>(
    'SELECT conversation_id, user_id FROM conversation_members WHERE conversation_id = ANY($1::text[]) AND left_at IS NULL ORDER BY user_id',
    [[...byConversation.keys()]],
  );
  for (const r of rows) byConversation.get(r.conversation_id)!.push(r.user_id);
  return byConversation;
}

// One statement: each conversation's activity moves to its newest send of the batch, each
// sender's read marker to their newest one, both with GREATEST as `recordActivity` and
// `advanceRead` do. The outer UPDATE's right-hand sides see the old row, as in `advanceRead`.
const RECORD_SENDS = `
WITH sends AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[]) AS s(conversation_id, sender_id, seq, at)
), activity AS (
  UPDATE conversations c SET last_seq = GREATEST(c.last_seq, a.seq), last_activity_at = GREATEST(c.last_activity_at, a.at)
    FROM (SELECT conversation_id, max(seq) AS seq, max(at) AS at FROM sends GROUP BY conversation_id) a
   WHERE c.id = a.conversation_id
)
UPDATE conversation_members m
   SET read_seq = GREATEST(m.read_seq, r.seq),
       read_at = CASE WHEN r.seq > m.read_seq THEN r.at ELSE m.read_at END,
       changed_at = CASE WHEN r.seq > m.read_seq THEN r.at ELSE m.changed_at END
  FROM (SELECT DISTINCT ON (conversation_id, sender_id) conversation_id, sender_id, seq, at FROM sends
         ORDER BY conversation_id, sender_id, seq DESC) r
 WHERE m.conversation_id = r.conversation_id AND m.user_id = r.sender_id AND m.left_at IS NULL`;

// Two batches (two processes) locking rows of the same conversations in opposite orders deadlock;
// the items go in sorted so that is rare, and since the statement is idempotent it is run again.
const DEADLOCK_RETRIES = 3;

/** `ConversationStore.recordSends`. */
export async function recordSends(db: SqlExecutor, sends: readonly RecordedSend[]): Promise<void> {
  if (sends.length === 0) return;
  const sorted = [...sends].sort((a, b) => compare(a.conversationId, b.conversationId) || compare(a.senderId, b.senderId));
  const params = [sorted.map((s) => s.conversationId), sorted.map((s) => s.senderId), sorted.map((s) => s.seq), sorted.map((s) => s.at.toISOString())];
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query(RECORD_SENDS, params);
      return;
    } catch (error) {
      if (sqlStateOf(error) !== SqlState.deadlockDetected || attempt >= DEADLOCK_RETRIES) throw error;
    }
  }
}

// Code-unit order, as the database's `COLLATE "C"`: the same everywhere, whatever the locale.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
