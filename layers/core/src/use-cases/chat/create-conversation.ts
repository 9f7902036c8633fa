import { MAX_GROUP_MEMBERS } from '../../domain/chat/conversation.js';
import { ValidationError } from '../../domain/errors.js';
import type { ChatDeps } from './chat-deps.js';
import { announceMembership } from './notify.js';
import { toConversationView } from './views.js';

export type CreateConversationInput = { type: 'direct'; userId: string } | { type: 'group'; title: string; memberIds: string[] };

/** A direct conversation is unique per pair: asking again returns it with `created: false`. */
export async function createConversation(deps: ChatDeps, callerId: string, input: CreateConversationInput) {
  const at = deps.clock.now();
  if (input.type === 'direct') {
    if (input.userId === callerId) throw new ValidationError('You cannot open a direct conversation with yourself', [{ field: 'userId', issue: 'is you' }]);
    const { conversation, created } = await deps.conversations.createDirect({ id: deps.ids.id(), userA: callerId, userB: input.userId, at });
    if (created) await announceMembership(deps, conversation, { added: [callerId, input.userId] });
    return { conversation: toConversationView(conversation), created };
  }
  const memberIds = [...new Set(input.memberIds.filter((id) => id !== callerId))];
  if (memberIds.length + 1 > MAX_GROUP_MEMBERS)
    throw new ValidationError(`A group has at most ${MAX_GROUP_MEMBERS} members`, [{ field: 'memberIds', issue: 'too many' }]);
  const conversation = await deps.conversations.createGroup({ id: deps.ids.id(), title: input.title.trim(), ownerId: callerId, memberIds, at });
  await announceMembership(deps, conversation, { added: [callerId, ...memberIds] });
  return { conversation: toConversationView(conversation), created: true };
}
