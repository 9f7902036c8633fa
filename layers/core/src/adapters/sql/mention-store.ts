import { decodeCursor as decodeWith, encodeCursor as encodeWith } from '../../domain/cursor.js';
import type { Mention, MentionItem, MentionPage, MentionStore } from '../../ports/mention-store.js';
import type { SqlDatabase } from '../../ports/sql.js';

interface MentionRow {
  conversation_id: string;
  seq: number;
  sender_id: string;
  message_id: string;
  created_at: Date;
  read: boolean;
}

/** Keyset cursor over (created_at DESC, conversation_id DESC, seq DESC). */
const CURSOR = ['time', 'id', 'seq'] as const;

function encodeCursor(m: MentionItem): string {
  return encodeWith(CURSOR, [m.createdAt, m.conversationId, m.seq]);
}

function decodeCursor(cursor: string): { at: Date; conversationId: string; seq: number } {
  const [at, conversationId, seq] = decodeWith(CURSOR, cursor);
  return { at, conversationId, seq };
}

const toItem = (r: MentionRow): MentionItem => ({
  conversationId: r.conversation_id,
  seq: Number(r.seq),
  senderId: r.sender_id,
  messageId: r.message_id,
  createdAt: new Date(r.created_at),
  read: r.read,
});

/** MentionStore over PostgreSQL or PGlite; reads join the live membership for read markers. */
export class SqlMentionStore implements MentionStore {
  constructor(private readonly db: SqlDatabase) {}

  async record(m: Omit<Mention, 'userId'>, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const { rows } = await this.db.query<{ user_id: string }>(
      `INSERT INTO mentions (conversation_id, seq, user_id, sender_id, message_id, created_at)
       SELECT $1, $2, u, $3, $4, $5 FROM unnest($6::text[]) AS u
       ON CONFLICT (conversation_id, seq, user_id) DO NOTHING
       RETURNING user_id`,
      [m.conversationId, m.seq, m.senderId, m.messageId, m.createdAt, [...new Set(userIds)]],
    );
    return rows.map((r) => r.user_id).sort();
  }

  async membersByUsername(conversationId: string, usernames: readonly string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; name: string }>(
      `SELECT u.id, lower(u.username) AS name FROM users u
       JOIN conversation_members m ON m.user_id = u.id AND m.conversation_id = $1 AND m.left_at IS NULL
       WHERE lower(u.username) = ANY($2::text[])`,
      [conversationId, usernames.map((n) => n.toLowerCase())],
    );
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  async countUnread(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ conversation_id: string; n: string | number }>(
      `SELECT x.conversation_id, count(*) AS n FROM mentions x
       JOIN conversation_members m ON m.conversation_id = x.conversation_id AND m.user_id = x.user_id AND m.left_at IS NULL
       WHERE x.user_id = $1 AND x.conversation_id = ANY($2::text[]) AND x.seq > m.read_seq
       GROUP BY x.conversation_id`,
      [userId, [...conversationIds]],
    );
    return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
  }

  async listForUser(userId: string, page: { cursor?: string | undefined; limit: number; unreadOnly: boolean }): Promise<MentionPage> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const { rows } = await this.db.query<MentionRow>(
      `SELECT x.conversation_id, x.seq, x.sender_id, x.message_id, x.created_at, x.seq <= m.read_seq AS read
       FROM mentions x
       JOIN conversation_members m ON m.conversation_id = x.conversation_id AND m.user_id = x.user_id AND m.left_at IS NULL
       WHERE x.user_id = $1
         AND (NOT $2::boolean OR x.seq > m.read_seq)
         AND ($3::timestamptz IS NULL OR (x.created_at, x.conversation_id, x.seq) < ($3::timestamptz, $4::text, $5::integer))
       ORDER BY x.created_at DESC, x.conversation_id DESC, x.seq DESC
       LIMIT $6`,
      [userId, page.unreadOnly, after?.at ?? null, after?.conversationId ?? '', after?.seq ?? 0, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map(toItem);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
  }
}
