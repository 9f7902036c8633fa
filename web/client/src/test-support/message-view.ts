import type { MessageView } from '../types.js';

/** A text message as the server sends it, by conversation and seq; `over` sets any field. */
export const messageView = (conversationId: string, seq: number, over: Partial<MessageView> = {}): MessageView => ({
  id: `${conversationId}-${seq}`,
  kind: 'text',
  conversationId,
  seq,
  senderId: 'bob',
  clientMsgId: `k${seq}`,
  text: `t${seq}`,
  attachments: [],
  mentions: [],
  replyToSeq: null,
  reactions: {},
  createdAt: new Date(seq * 1000).toISOString(),
  editedAt: null,
  deletedAt: null,
  ...over,
});
