import { NotFoundError } from '../../domain/errors.js';
import type { ChatDeps } from './chat-deps.js';

/**
 * Mutes or unmutes push notifications of one conversation for the caller (mentions of them still
 * notify, see use-cases/notify/push-message.ts). Non-members get 404, like every conversation route.
 */
export async function setMuted(deps: Pick<ChatDeps, 'conversations'>, callerId: string, conversationId: string, muted: boolean) {
  if (!(await deps.conversations.setMuted(conversationId, callerId, muted))) throw new NotFoundError('Conversation');
  return { conversationId, muted };
}
