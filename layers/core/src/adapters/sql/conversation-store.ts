import type { ConversationWithMembers, Member, Role } from '../../domain/chat/conversation.js';
import { directKey } from '../../domain/chat/conversation.js';
import { ValidationError } from '../../domain/errors.js';
import type { ConversationPage, ConversationStore, MembershipChange, RecordedSend } from '../../ports/conversation-store.js';
import { SqlState, sqlStateOf, type SqlDatabase, type SqlExecutor } from '../../ports/sql.js';
import {
  CONVERSATION_COLUMNS,
  MEMBER_COLUMNS,
  decodeCursor,
  encodeCursor,
  toConversation,
  toMember,
  type ConversationRow,
  type MemberRow,
} from './conversation-rows.js';
import { memberIdsOf, recordSends } from './conversation-sends.js';

export class SqlConversationStore implements ConversationStore {
  constructor(private readonly db: SqlDatabase) {}

  async createDirect(input: { id: string; userA: string; userB: string; at: Date }) {
    const key = directKey(input.userA, input.userB);
    const existing = await this.findDirect(key);
    if (existing) return { conversation: existing, created: false };
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO conversations (id, type, direct_key, created_by, created_at, last_activity_at) VALUES ($1, 'direct', $2, $3, $4, $4)`, [
          input.id,
          key,
          input.userA,
          input.at,
        ]);
        await insertMembers(tx, input.id, [input.userA, input.userB], 'member', input.at);
      });
    } catch (error) {
      // Both users opened the conversation at once: the other insert won; return its row.
      if (sqlStateOf(error) !== SqlState.uniqueViolation) throw translateFk(error);
      return { conversation: (await this.findDirect(key))!, created: false };
    }
    return { conversation: (await this.get(input.id))!, created: true };
  }

  private async findDirect(key: string): Promise<ConversationWithMembers | undefined> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM conversations WHERE direct_key = $1', [key]);
    return rows[0] ? this.get(rows[0].id) : undefined;
  }

  async createGroup(input: { id: string; title: string; ownerId: string; memberIds: string[]; at: Date }) {
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO conversations (id, type, title, created_by, created_at, last_activity_at) VALUES ($1, 'group', $2, $3, $4, $4)`, [
          input.id,
          input.title,
          input.ownerId,
          input.at,
        ]);
        await insertMembers(tx, input.id, [input.ownerId], 'owner', input.at);
        await insertMembers(
          tx,
          input.id,
          input.memberIds.filter((m) => m !== input.ownerId),
          'member',
          input.at,
        );
      });
    } catch (error) {
      throw translateFk(error);
    }
    return (await this.get(input.id))!;
  }

  async get(conversationId: string): Promise<ConversationWithMembers | undefined> {
    const { rows } = await this.db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1`, [conversationId]);
    if (!rows[0]) return undefined;
    const members = await this.db.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM conversation_members m WHERE m.conversation_id = $1 AND m.left_at IS NULL ORDER BY m.joined_at, m.user_id`,
      [conversationId],
    );
    return { ...toConversation(rows[0]), members: members.rows.map(toMember) };
  }

  async member(conversationId: string, userId: string): Promise<Member | undefined> {
    const { rows } = await this.db.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM conversation_members m WHERE m.conversation_id = $1 AND m.user_id = $2 AND m.left_at IS NULL`,
      [conversationId, userId],
    );
    return rows[0] && toMember(rows[0]);
  }

  async memberIds(conversationId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ user_id: string }>('SELECT user_id FROM conversation_members WHERE conversation_id = $1 AND left_at IS NULL', [
      conversationId,
    ]);
    return rows.map((r) => r.user_id);
  }

  memberIdsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>> {
    return memberIdsOf(this.db, conversationIds);
  }

  async listForUser(userId: string, page: { cursor?: string | undefined; limit: number }): Promise<ConversationPage> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const { rows } = await this.db.query<ConversationRow & { read_seq: string | number; muted: boolean }>(
      `SELECT ${CONVERSATION_COLUMNS}, m.read_seq, m.muted
         FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.user_id = $1 AND m.left_at IS NULL
          AND ($2::timestamptz IS NULL OR (c.last_activity_at, c.id) < ($2::timestamptz, $3::text))
        ORDER BY c.last_activity_at DESC, c.id DESC
        LIMIT $4`,
      [userId, after?.at ?? null, after?.id ?? '', page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map((r) => ({ ...toConversation(r), readSeq: Number(r.read_seq), muted: r.muted }));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
  }

  async conversationIdsForUser(userId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM conversation_members WHERE user_id = $1 AND left_at IS NULL',
      [userId],
    );
    return rows.map((r) => r.conversation_id);
  }

  async conversationIdsForUsers(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const byUser = new Map(userIds.map((id) => [id, [] as string[]]));
    if (userIds.length === 0) return byUser;
    const { rows } = await this.db.query<{ user_id: string; conversation_id: string }>(
      'SELECT user_id, conversation_id FROM conversation_members WHERE user_id = ANY($1::text[]) AND left_at IS NULL',
      [[...byUser.keys()]],
    );
    for (const r of rows) byUser.get(r.user_id)!.push(r.conversation_id);
    return byUser;
  }

  async addMembers(conversationId: string, userIds: string[], role: Role, at: Date): Promise<string[]> {
    try {
      return await this.db.transaction((tx) => insertMembers(tx, conversationId, userIds, role, at));
    } catch (error) {
      throw translateFk(error);
    }
  }

  async setRole(conversationId: string, userId: string, role: Exclude<Role, 'owner'>): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "UPDATE conversation_members SET role = $3 WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL AND role <> 'owner'",
      [conversationId, userId, role],
    );
    return rowCount > 0;
  }

  async removeMember(conversationId: string, userId: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE conversation_members SET left_at = $3, changed_at = $3 WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL',
      [conversationId, userId, at],
    );
    return rowCount > 0;
  }

  async updateTitle(conversationId: string, title: string, at: Date): Promise<void> {
    await this.db.query('UPDATE conversations SET title = $2, last_activity_at = GREATEST(last_activity_at, $3) WHERE id = $1', [conversationId, title, at]);
  }

  async setMuted(conversationId: string, userId: string, muted: boolean): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE conversation_members SET muted = $3 WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL', [
      conversationId,
      userId,
      muted,
    ]);
    return rowCount > 0;
  }

  async advanceRead(conversationId: string, userId: string, seq: number, at: Date): Promise<number> {
    const { rows } = await this.db.query<{ read_seq: string | number }>(
      `UPDATE conversation_members
          SET read_seq = GREATEST(read_seq, $3),
              read_at = CASE WHEN $3 > read_seq THEN $4 ELSE read_at END,
              changed_at = CASE WHEN $3 > read_seq THEN $4 ELSE changed_at END
        WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL
        RETURNING read_seq`,
      [conversationId, userId, seq, at],
    );
    return Number(rows[0]?.read_seq ?? 0);
  }

  async recordActivity(conversationId: string, seq: number, at: Date): Promise<void> {
    await this.db.query('UPDATE conversations SET last_seq = GREATEST(last_seq, $2), last_activity_at = GREATEST(last_activity_at, $3) WHERE id = $1', [
      conversationId,
      seq,
      at,
    ]);
  }

  recordSends(sends: readonly RecordedSend[]): Promise<void> {
    return recordSends(this.db, sends);
  }

  async changesSince(userId: string, since: Date) {
    const memberships = await this.db.query<{ conversation_id: string; left_at: Date | null; joined_at: Date }>(
      `SELECT conversation_id, joined_at, left_at FROM conversation_members
        WHERE user_id = $1 AND (joined_at > $2 OR left_at > $2)`,
      [userId, since],
    );
    const reads = await this.db.query<{ conversation_id: string; user_id: string; read_seq: string | number }>(
      `SELECT m.conversation_id, m.user_id, m.read_seq
         FROM conversation_members m
         JOIN conversation_members me ON me.conversation_id = m.conversation_id AND me.user_id = $1 AND me.left_at IS NULL
        WHERE m.read_at > $2 AND m.left_at IS NULL`,
      [userId, since],
    );
    return {
      memberships: memberships.rows.map(
        (r): MembershipChange =>
          r.left_at
            ? { conversationId: r.conversation_id, userId, action: 'removed', at: new Date(r.left_at) }
            : { conversationId: r.conversation_id, userId, action: 'added', at: new Date(r.joined_at) },
      ),
      readMarkers: reads.rows.map((r) => ({ conversationId: r.conversation_id, userId: r.user_id, seq: Number(r.read_seq) })),
    };
  }
}

/** Inserts new members and re-admits ones who left; returns the ids that were not members. */
async function insertMembers(tx: SqlExecutor, conversationId: string, userIds: string[], role: Role, at: Date): Promise<string[]> {
  if (userIds.length === 0) return [];
  const { rows } = await tx.query<{ user_id: string }>(
    `INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, changed_at)
     SELECT $1, u, $3, $4, $4 FROM unnest($2::text[]) AS u
     ON CONFLICT (conversation_id, user_id) DO UPDATE
        SET left_at = NULL, role = EXCLUDED.role, joined_at = EXCLUDED.joined_at, changed_at = EXCLUDED.changed_at
      WHERE conversation_members.left_at IS NOT NULL
     RETURNING user_id`,
    [conversationId, [...new Set(userIds)], role, at],
  );
  return rows.map((r) => r.user_id);
}

function translateFk(error: unknown): unknown {
  if (sqlStateOf(error) === SqlState.foreignKeyViolation)
    return new ValidationError('Unknown user', [{ field: 'userIds', issue: 'contains a user that does not exist' }]);
  return error;
}
