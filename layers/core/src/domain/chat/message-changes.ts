import type { CallTimelineContent } from '../calls/call.js';
import type { Message } from './message.js';

/**
 * The changes a stored message can undergo, as pure functions shared by the message-store adapters
 * that compute them in code. Each returns the very same object when nothing changes, so a caller can
 * tell a no-op (which must not count as a change for sync) by identity.
 */

/** Replaces the text and keeps the old one in `edits`; a tombstone stays a tombstone. */
export function editMessage(message: Message, text: string, at: Date): Message {
  if (message.deletedAt) return message;
  const edits = message.text === null ? message.edits : [...message.edits, { text: message.text, editedAt: at }];
  return { ...message, text, editedAt: at, edits };
}

/** Turns the message into a tombstone; deleting a tombstone keeps its first `deletedAt`. */
export function deleteMessage(message: Message, at: Date): Message {
  if (message.deletedAt) return message;
  return { ...message, text: null, attachments: [], deletedAt: at };
}

/** Sets who the message mentions, sorted and deduplicated; the same set again is no change. */
export function mentionInMessage(message: Message, userIds: readonly string[]): Message {
  const next = [...new Set(userIds)].sort();
  if (next.length === message.mentions.length && next.every((id, i) => id === message.mentions[i])) return message;
  return { ...message, mentions: next };
}

/** Adds or removes one user's reaction; an emoji nobody uses any more disappears. */
export function reactToMessage(message: Message, emoji: string, userId: string, present: boolean): Message {
  // Own-property checks and fromEntries: an emoji is arbitrary input and may be `__proto__`.
  const known = Object.hasOwn(message.reactions, emoji);
  const users = known ? message.reactions[emoji]! : [];
  if (users.includes(userId) === present) return message;
  const next = present ? [...users, userId] : users.filter((u) => u !== userId);
  const entries = Object.entries(message.reactions).map(([e, u]): [string, string[]] => [e, e === emoji ? next : u]);
  if (!known) entries.push([emoji, next]);
  return { ...message, reactions: Object.fromEntries(entries.filter(([, u]) => u.length > 0)) };
}

/** Replaces a call message's record; the same record again, or a message without one, is no change. */
export function recordCallInMessage(message: Message, call: CallTimelineContent): Message {
  if (!message.call || JSON.stringify(message.call) === JSON.stringify(call)) return message;
  return { ...message, call };
}
