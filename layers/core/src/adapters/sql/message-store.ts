import type { CallTimelineContent } from '../../domain/calls/call.js';
import type { Message } from '../../domain/chat/message.js';
import type { Appended, JobsFor, MessageStore, NewMessage, RangeQuery, Sent } from '../../ports/message-store.js';
import { outboxSource } from '../../ports/outbox-store.js';
import { SqlState, sqlStateOf, type SqlDatabase } from '../../ports/sql.js';
import { isStorableSeq, MAX_SEQ, MESSAGE_COLUMNS, messageColumnsOf, toMessage, type MessageRow } from './message-row.js';
import { insertOutbox, SqlOutboxStore } from './outbox-store.js';
import { GroupCommit } from '../../runtime/group-commit.js';
import { sendBatch, sendItem } from './send-batch.js';

export interface SqlMessageStoreOptions {
  /** Send batches in flight at once; each holds one connection. Default 2. */
  sendBatches?: number;
  /** Sends per batch at most. Default 256. */
  maxSendBatch?: number;
}

const WHERE_MESSAGE = 'WHERE conversation_id = $1 AND seq = $2';

/**
 * MessageStore over PostgreSQL or PGlite (migration `0003-messages.sql`). An append bumps the
 * conversation's `message_counters` row and inserts the message in one transaction: the row lock
 * orders concurrent appends, and a failure rolls the seq back with the message, so no hole appears.
 * The message's jobs go into `outbox` (migration 0004) in the same transaction.
 *
 * `send` is one call of `send_messages` (migrations 0014, 0015) per batch: concurrent sends of this
 * process are grouped (GroupCommit), so under load a round trip and a commit carry many sends.
 */
export class SqlMessageStore implements MessageStore {
  readonly outbox: SqlOutboxStore;
  private readonly sends: GroupCommit<ReturnType<typeof sendItem>, Sent>;

  constructor(
    private readonly db: SqlDatabase,
    options: SqlMessageStoreOptions = {},
  ) {
    this.outbox = new SqlOutboxStore(db);
    this.sends = new GroupCommit((items) => sendBatch(db, items), { maxInFlight: options.sendBatches ?? 2, maxBatch: options.maxSendBatch ?? 256 });
  }

  async send(input: NewMessage, jobsFor?: JobsFor): Promise<Sent> {
    return this.sends.submit(input.conversationId, sendItem(input, jobsFor));
  }

  async append(input: NewMessage, jobsFor?: JobsFor): Promise<Appended> {
    // Retries are the common duplicate: answer them without touching the counter lock.
    const existing = await this.byClientKey(input);
    if (existing) return { message: existing, created: false, outbox: [] };
    try {
      return await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ last_seq: number }>(
          `INSERT INTO message_counters (conversation_id, last_seq) VALUES ($1, 1)
           ON CONFLICT (conversation_id) DO UPDATE SET last_seq = message_counters.last_seq + 1
           RETURNING last_seq`,
          [input.conversationId],
        );
        const inserted = await tx.query<MessageRow>(
          `INSERT INTO messages (conversation_id, seq, id, sender_id, client_msg_id, text, attachments, reply_to_seq, created_at, updated_at, call)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING ${MESSAGE_COLUMNS}`,
          [
            input.conversationId,
            rows[0]!.last_seq,
            input.id,
            input.senderId,
            input.clientMsgId,
            input.text,
            JSON.stringify(input.attachments),
            input.replyToSeq,
            input.createdAt,
            input.call ? JSON.stringify(input.call) : null,
          ],
        );
        const message = toMessage(inserted.rows[0]!);
        const outbox = await insertOutbox(tx, outboxSource(message.conversationId, message.seq), jobsFor?.(message) ?? []);
        return { message, created: true, outbox };
      });
    } catch (error) {
      // A concurrent append with the same key committed first (we waited for it on the counter
      // lock); our transaction, seq included, is rolled back and the original is the answer.
      if (sqlStateOf(error) !== SqlState.uniqueViolation) throw error;
      const original = await this.byClientKey(input);
      if (!original) throw error;
      return { message: original, created: false, outbox: [] };
    }
  }

  async get(conversationId: string, seq: number): Promise<Message | undefined> {
    if (!isStorableSeq(seq)) return undefined;
    const { rows } = await this.db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages ${WHERE_MESSAGE}`, [conversationId, seq]);
    return rows[0] && toMessage(rows[0]);
  }

  async range(conversationId: string, query: RangeQuery): Promise<{ items: Message[]; hasMore: boolean }> {
    const lower = Math.min(MAX_SEQ, Math.max(0, Math.floor(query.afterSeq ?? 0)));
    const upper = Math.min(MAX_SEQ + 1, Math.ceil(query.beforeSeq ?? MAX_SEQ + 1));
    const limit = Math.max(0, Math.floor(query.limit));
    if (!(upper > lower + 1)) return { items: [], hasMore: false };
    const forward = query.afterSeq !== undefined;
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2::bigint AND seq < $3::bigint
       ORDER BY seq ${forward ? 'ASC' : 'DESC'} LIMIT $4`,
      [conversationId, lower, upper, limit + 1],
    );
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).map(toMessage);
    return { items: forward ? page : page.reverse(), hasMore };
  }

  async latest(conversationIds: readonly string[]): Promise<Map<string, Message>> {
    if (conversationIds.length === 0) return new Map();
    // The counter and its message commit together, so last_seq always names an existing message.
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${messageColumnsOf('m')} FROM message_counters c
       JOIN messages m ON m.conversation_id = c.conversation_id AND m.seq = c.last_seq
       WHERE c.conversation_id = ANY($1::text[])`,
      [conversationIds],
    );
    return new Map(rows.map((r) => [r.conversation_id, toMessage(r)]));
  }

  async edit(conversationId: string, seq: number, text: string, at: Date): Promise<Message | undefined> {
    // On the right-hand side `text` is still the old text; a tombstone is never revived.
    return this.change(
      conversationId,
      seq,
      `edits = CASE WHEN text IS NULL THEN edits ELSE edits || jsonb_build_array(jsonb_build_object('text', text, 'editedAt', $5::text)) END,
       text = $3, edited_at = $4, updated_at = $4`,
      'deleted_at IS NULL',
      [text, at, at.toISOString()],
    );
  }

  async markDeleted(conversationId: string, seq: number, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, `text = NULL, attachments = '[]', deleted_at = $3, updated_at = $3`, 'deleted_at IS NULL', [at]);
  }

  async setReaction(conversationId: string, seq: number, emoji: string, userId: string, present: boolean, at: Date): Promise<Message | undefined> {
    const users = '(reactions -> $3::text)';
    const reacted = `COALESCE(${users} ? $4::text, false)`;
    const set = present
      ? `reactions = jsonb_set(reactions, ARRAY[$3::text], COALESCE(${users}, '[]') || jsonb_build_array($4::text))`
      : `reactions = CASE WHEN jsonb_array_length(${users} - $4::text) = 0 THEN reactions - $3::text
                          ELSE jsonb_set(reactions, ARRAY[$3::text], ${users} - $4::text) END`;
    // Only a real change moves updated_at, so a repeated reaction is not a change for sync.
    return this.change(conversationId, seq, `${set}, updated_at = $5`, present ? `NOT ${reacted}` : reacted, [emoji, userId, at]);
  }

  async setMentions(conversationId: string, seq: number, userIds: readonly string[], at: Date): Promise<Message | undefined> {
    const mentions = JSON.stringify([...new Set(userIds)].sort());
    return this.change(conversationId, seq, 'mentions = $3::jsonb, updated_at = $4', 'mentions <> $3::jsonb', [mentions, at]);
  }

  async setCall(conversationId: string, seq: number, call: CallTimelineContent, at: Date): Promise<Message | undefined> {
    return this.change(conversationId, seq, 'call = $3::jsonb, updated_at = $4', 'call IS NOT NULL AND call <> $3::jsonb', [JSON.stringify(call), at]);
  }

  async changedSince(conversationIds: readonly string[], since: Date, limit: number): Promise<Message[]> {
    if (conversationIds.length === 0 || limit <= 0) return [];
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ANY($1::text[]) AND updated_at > $2
       ORDER BY updated_at, conversation_id COLLATE "C", seq LIMIT $3`,
      [conversationIds, since, Math.floor(limit)],
    );
    return rows.map(toMessage);
  }

  private async byClientKey(input: NewMessage): Promise<Message | undefined> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND client_msg_id = $3`,
      [input.conversationId, input.senderId, input.clientMsgId],
    );
    return rows[0] && toMessage(rows[0]);
  }

  /**
   * One atomic `UPDATE … SET <set> WHERE <message> AND <when>`; when `when` does not hold the
   * message is returned as it is (or undefined if there is none). `params` start at `$3`.
   */
  private async change(conversationId: string, seq: number, set: string, when: string, params: unknown[]): Promise<Message | undefined> {
    if (!isStorableSeq(seq)) return undefined;
    const { rows } = await this.db.query<MessageRow>(`UPDATE messages SET ${set} ${WHERE_MESSAGE} AND ${when} RETURNING ${MESSAGE_COLUMNS}`, [
      conversationId,
      seq,
      ...params,
    ]);
    return rows[0] ? toMessage(rows[0]) : this.get(conversationId, seq);
  }
}
