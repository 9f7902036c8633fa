import { randomUUID } from 'node:crypto';
import type { MessageView } from '@chat/core/domain/chat/message';

/** A text message as the chat service hands it to the gateway; `over` sets any field. */
export const textMessage = (conversationId: string, seq: number, over: Partial<MessageView> = {}): MessageView => ({
  id: randomUUID(),
  kind: 'text',
  conversationId,
  seq,
  senderId: 'alice',
  clientMsgId: randomUUID(),
  text: `hello ${seq}`,
  attachments: [],
  mentions: [],
  replyToSeq: null,
  reactions: {},
  createdAt: new Date().toISOString(),
  editedAt: null,
  deletedAt: null,
  ...over,
});
