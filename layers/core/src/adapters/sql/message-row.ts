import type { CallTimelineContent } from '../../domain/calls/call.js';
import type { Attachment, Message } from '../../domain/chat/message.js';

/** A `messages` row as the SqlMessageStore selects it. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  client_msg_id: string;
  text: string | null;
  attachments: Attachment[];
  mentions: string[];
  reply_to_seq: number | null;
  reactions: Record<string, string[]>;
  edits: { text: string; editedAt: string }[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  call: CallTimelineContent | null;
}

const COLUMN_NAMES = [
  'id',
  'conversation_id',
  'seq',
  'sender_id',
  'client_msg_id',
  'text',
  'attachments',
  'mentions',
  'reply_to_seq',
  'reactions',
  'edits',
  'created_at',
  'edited_at',
  'deleted_at',
  'call',
] as const;

export const MESSAGE_COLUMNS = COLUMN_NAMES.join(', ');
/** The same columns qualified by a table alias, for joins. */
export const messageColumnsOf = (alias: string) => COLUMN_NAMES.map((c) => `${alias}.${c}`).join(', ');

// PostgreSQL keeps `integer` within 32 bits; a seq outside it cannot exist.
export const MAX_SEQ = 2_147_483_647;
export const isStorableSeq = (seq: number) => Number.isInteger(seq) && seq >= 1 && seq <= MAX_SEQ;

const dateOrNull = (d: Date | null) => (d === null ? null : new Date(d));

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    senderId: r.sender_id,
    clientMsgId: r.client_msg_id,
    text: r.text,
    attachments: r.attachments,
    mentions: r.mentions,
    replyToSeq: r.reply_to_seq,
    reactions: r.reactions,
    createdAt: new Date(r.created_at),
    editedAt: dateOrNull(r.edited_at),
    deletedAt: dateOrNull(r.deleted_at),
    edits: r.edits.map((e) => ({ text: e.text, editedAt: new Date(e.editedAt) })),
    ...(r.call ? { call: r.call } : {}),
  };
}
