import type { Attachment, Message } from '../../domain/chat/message.js';
import type { OutboxJob } from '../../domain/jobs/job.js';
import type { NewMessage } from '../../ports/message-store.js';

/** A message as the MongoMessageStore keeps it in the `messages` collection. */
export interface MessageDocument extends Omit<Message, 'reactions'> {
  /** `conversationId:seq` (see `documentId`), so a message's place is its primary key. */
  _id: string;
  /** In reaction order. A list, not an object: an emoji is arbitrary input, not a safe field name. */
  reactions: { emoji: string; userIds: string[] }[];
  /** Moves on every change, for sync. */
  updatedAt: Date;
  /** Bumped by every change: the compare-and-set guard of read-modify-write updates. */
  version: number;
  /** Jobs not yet relayed (the outbox, stored with the message in one insert); absent once relayed. */
  outbox?: OutboxJob[];
  /** When the oldest pending job was stored; present exactly while `outbox` is (sparse index). */
  outboxAt?: Date;
}

/**
 * The `_id` of the message at `seq`. Unambiguous because seq, after the last colon, is digits only.
 * Point reads and writes by `_id` are cheap everywhere, and FerretDB pushes down only `_id` filters.
 */
export const documentId = (conversationId: string, seq: number) => `${conversationId}:${seq}`;

// Copy only known fields, and leave out an absent name rather than store null for it.
const attachmentOf = (a: Attachment): Attachment => ({ mediaId: a.mediaId, kind: a.kind, ...(a.name !== undefined && a.name !== null && { name: a.name }) });

export function newDocument(input: NewMessage, seq: number, jobs: readonly OutboxJob[] = []): MessageDocument {
  return {
    ...(jobs.length > 0 && { outbox: [...jobs], outboxAt: input.createdAt }),
    _id: documentId(input.conversationId, seq),
    id: input.id,
    conversationId: input.conversationId,
    seq,
    senderId: input.senderId,
    clientMsgId: input.clientMsgId,
    text: input.text,
    attachments: input.attachments.map(attachmentOf),
    mentions: [],
    replyToSeq: input.replyToSeq,
    reactions: [],
    createdAt: input.createdAt,
    editedAt: null,
    deletedAt: null,
    edits: [],
    updatedAt: input.createdAt,
    version: 0,
    ...(input.call ? { call: input.call } : {}),
  };
}

/** The document holding `message` after a change made at `at`. */
export function changedDocument(message: Message, at: Date, version: number): MessageDocument {
  return {
    _id: documentId(message.conversationId, message.seq),
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    senderId: message.senderId,
    clientMsgId: message.clientMsgId,
    text: message.text,
    attachments: message.attachments.map(attachmentOf),
    mentions: message.mentions,
    replyToSeq: message.replyToSeq,
    reactions: Object.entries(message.reactions).map(([emoji, userIds]) => ({ emoji, userIds })),
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    edits: message.edits,
    updatedAt: at,
    version,
    ...(message.call ? { call: message.call } : {}),
  };
}

export function toMessage(d: MessageDocument): Message {
  return {
    id: d.id,
    conversationId: d.conversationId,
    seq: d.seq,
    senderId: d.senderId,
    clientMsgId: d.clientMsgId,
    text: d.text,
    attachments: d.attachments.map(attachmentOf),
    mentions: [...d.mentions],
    replyToSeq: d.replyToSeq,
    reactions: Object.fromEntries(d.reactions.map((r) => [r.emoji, [...r.userIds]])),
    createdAt: d.createdAt,
    editedAt: d.editedAt,
    deletedAt: d.deletedAt,
    edits: d.edits.map((e) => ({ text: e.text, editedAt: e.editedAt })),
    ...(d.call ? { call: d.call } : {}),
  };
}

/** A seq a message can have: 1, 2, 3… (anything else names no message). */
export const isSeq = (seq: number) => Number.isSafeInteger(seq) && seq >= 1;
