import { decodeCursor as decodeWith, encodeCursor as encodeWith } from '../../domain/cursor.js';
import type { Conversation, Member, Role } from '../../domain/chat/conversation.js';

export interface ConversationRow {
  id: string;
  type: 'direct' | 'group';
  title: string | null;
  created_by: string;
  created_at: Date;
  last_seq: string | number;
  last_activity_at: Date;
  allow_mention_all: boolean;
}

export interface MemberRow {
  user_id: string;
  role: Role;
  joined_at: Date;
  read_seq: string | number;
  muted: boolean;
}

export const CONVERSATION_COLUMNS = 'c.id, c.type, c.title, c.created_by, c.created_at, c.last_seq, c.last_activity_at, c.allow_mention_all';
export const MEMBER_COLUMNS = 'm.user_id, m.role, m.joined_at, m.read_seq, m.muted';

// bigint columns arrive as strings from pg and as numbers from PGlite.
export const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  type: r.type,
  title: r.title,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  lastSeq: Number(r.last_seq),
  lastActivityAt: new Date(r.last_activity_at),
  allowMentionAll: r.allow_mention_all,
});

export const toMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  role: r.role,
  joinedAt: new Date(r.joined_at),
  readSeq: Number(r.read_seq),
  muted: r.muted,
});

/** Keyset cursor over (last_activity_at DESC, id DESC). */
const CURSOR = ['time', 'id'] as const;

export function encodeCursor(c: { lastActivityAt: Date; id: string }): string {
  return encodeWith(CURSOR, [c.lastActivityAt, c.id]);
}

/** Throws `InvalidCursorError` for anything this module did not encode. */
export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = decodeWith(CURSOR, cursor);
  return { at, id };
}
