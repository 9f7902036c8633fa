import type { CallTimelineContent } from '../calls/call.js';

export const MAX_TEXT_LENGTH = 4_000;
export const MAX_ATTACHMENTS = 10;

/**
 * A shared file as a message carries it: what members need to show it, never a URL (history
 * outlives any signed link; `GET /v1/media/{id}` signs fresh ones). The fields after `kind` are
 * optional only because messages stored before media existed lack them; every new one has them.
 */
export interface Attachment {
  mediaId: string;
  kind: 'image' | 'video' | 'audio' | 'file';
  name?: string;
  contentType?: string;
  size?: number;
  width?: number | null;
  height?: number | null;
  durationMs?: number | null;
}

/**
 * A message. `seq` numbers messages per conversation from 1 with no gap and no repeat: clients
 * order by it, detect gaps with it and resume from it.
 */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  clientMsgId: string;
  /** null once deleted. */
  text: string | null;
  attachments: Attachment[];
  /** User ids mentioned (filled by the mention worker); empty until then. */
  mentions: string[];
  replyToSeq: number | null;
  /** emoji → ids of the users who reacted with it, in reaction order. */
  reactions: Record<string, string[]>;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Previous texts, oldest first; kept for moderation, not sent to clients. */
  edits: { text: string; editedAt: Date }[];
  /**
   * Set on the one timeline message an ended call leaves (no text, no attachments, sent in the
   * caller's name); absent or null on every message people write.
   */
  call?: CallTimelineContent | null;
}

/** What a message is: people's `text` (with or without attachments), or the record of a `call`. */
export type MessageKind = 'text' | 'call';

/** A message as clients see it: dates as ISO strings, edit history left out. */
export type MessageView = Omit<Message, 'edits' | 'createdAt' | 'editedAt' | 'deletedAt' | 'call'> & {
  kind: MessageKind;
  /** Only on `kind: 'call'`. */
  call?: CallTimelineContent;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export function toMessageView(m: Message): MessageView {
  return {
    id: m.id,
    kind: m.call ? 'call' : 'text',
    ...(m.call ? { call: m.call } : {}),
    conversationId: m.conversationId,
    seq: m.seq,
    senderId: m.senderId,
    clientMsgId: m.clientMsgId,
    text: m.deletedAt ? null : m.text,
    attachments: m.deletedAt ? [] : m.attachments,
    mentions: m.mentions,
    replyToSeq: m.replyToSeq,
    reactions: m.reactions,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
  };
}
