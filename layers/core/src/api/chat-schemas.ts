import { z } from 'zod';
import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH } from '../domain/chat/message.js';
import { MAX_GROUP_MEMBERS, MAX_TITLE_LENGTH } from '../domain/chat/conversation.js';
import { clientMsgId, cursorParam, id as idOf, line, multiline } from './text.js';

export const id = idOf();

const seq = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const ConversationParams = z.object({ conversationId: id });
export const MemberParams = z.object({ conversationId: id, userId: id });
export const MessageParams = z.object({ conversationId: id, seq });
export const ReactionParams = z.object({
  conversationId: id,
  seq,
  emoji: line()
    .min(1)
    .max(32)
    .regex(/^[^\s/]+$/, 'one emoji or short code'),
});

export const CreateConversationBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('direct'), userId: id }),
  z.strictObject({ type: z.literal('group'), title: line().trim().min(1).max(MAX_TITLE_LENGTH), memberIds: z.array(id).max(MAX_GROUP_MEMBERS) }),
]);

export const UpdateConversationBody = z.strictObject({ title: line().trim().min(1).max(MAX_TITLE_LENGTH) });
export const AddMembersBody = z.strictObject({ userIds: z.array(id).min(1).max(100) });
/** An owner's role is not given or taken here. */
export const MemberRoleBody = z.strictObject({ role: z.enum(['admin', 'member']) });
export const ReadBody = z.strictObject({ seq: z.number().int().min(0) });

/** What a sender names: an uploaded, completed media of theirs (POST /v1/media, then …/complete). */
export const AttachmentRef = z.strictObject({ mediaId: id });

/** What a stored message carries for each attachment (no URL: GET /v1/media/{id} signs those). */
export const AttachmentView = z.object({
  mediaId: z.string(),
  kind: z.enum(['image', 'video', 'audio', 'file']),
  name: z.string().optional(),
  contentType: z.string().optional(),
  size: z.number().int().optional(),
  width: z.number().int().nullable().optional(),
  height: z.number().int().nullable().optional(),
  durationMs: z.number().int().nullable().optional(),
});

/**
 * A message send: the one schema of its fields. The REST body, the WebSocket `message.send` frame
 * (gateway/src/protocol.ts) and the gateway's call into the chat service (api/gateway-calls.ts)
 * are derived from it, so the three transports accept and refuse exactly the same input.
 */
export const SendMessageBody = z.strictObject({
  clientMsgId: clientMsgId(),
  text: multiline().max(MAX_TEXT_LENGTH, `at most ${MAX_TEXT_LENGTH} characters`).optional(),
  attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS).optional(),
  replyToSeq: z.number().int().min(1).optional(),
});

/** A send as the use case takes it: the body plus the conversation (from the path, or the frame). */
export const SendMessageInput = SendMessageBody.extend({ conversationId: id });
export type SendMessageInput = z.infer<typeof SendMessageInput>;

export const EditMessageBody = z.strictObject({ text: multiline().min(1).max(MAX_TEXT_LENGTH, `at most ${MAX_TEXT_LENGTH} characters`) });

export const HistoryQuery = z
  .object({ beforeSeq: seq.optional(), afterSeq: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .refine((q) => q.beforeSeq === undefined || q.afterSeq === undefined, 'use beforeSeq or afterSeq, not both');

export const ListConversationsQuery = z.object({ cursor: cursorParam, limit: z.coerce.number().int().min(1).max(100).default(30) });
export const SyncQuery = z.object({ cursor: cursorParam });

/** What an ended call leaves in the timeline (`domain/calls/call.ts` callTimelineContent). */
export const CallTimelineView = z.object({
  kind: z.literal('call'),
  callId: z.string(),
  callKind: z.enum(['audio', 'video']),
  endReason: z.enum(['completed', 'missed', 'declined', 'cancelled', 'failed']),
  durationSeconds: z.number().int().min(0),
  participants: z.array(z.object({ userId: z.string(), durationSeconds: z.number().int().min(0) })),
});

export const MessageView = z.object({
  id: z.string(),
  kind: z.enum(['text', 'call']).describe("`call`: the record of an ended call (no text, sent in the caller's name; see `call`)"),
  call: CallTimelineView.optional().describe("Only on `kind: 'call'`"),
  conversationId: z.string(),
  seq: z.number().int(),
  senderId: z.string(),
  clientMsgId: z.string(),
  text: z.string().nullable(),
  attachments: z.array(AttachmentView),
  mentions: z.array(z.string()),
  replyToSeq: z.number().int().nullable(),
  reactions: z.record(z.string(), z.array(z.string())),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});

export const ConversationView = z.object({
  id: z.string(),
  type: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastSeq: z.number().int(),
  lastActivityAt: z.string(),
  members: z.array(z.object({ userId: z.string(), role: z.enum(['owner', 'admin', 'member']), readSeq: z.number().int() })).optional(),
});

export const ConversationListItem = ConversationView.extend({
  lastMessage: MessageView.nullable(),
  readSeq: z.number().int(),
  unreadCount: z.number().int(),
  unreadMentions: z.number().int(),
  muted: z.boolean(),
});
