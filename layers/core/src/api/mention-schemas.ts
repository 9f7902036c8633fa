import { z } from 'zod';
import { cursorParam, line } from './text.js';

export const ListMentionsQuery = z.object({
  unreadOnly: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const MentionItem = z.object({
  conversationId: z.string(),
  seq: z.number().int(),
  messageId: z.string(),
  senderId: z.string(),
  createdAt: z.string(),
  /** Whether your read marker has reached the message. */
  read: z.boolean(),
});

export const UnsubscribeQuery = z.object({ token: line().min(1).max(512) });
