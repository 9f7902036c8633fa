import type { Conversation, ConversationWithMembers, Member, Role } from '../domain/chat/conversation.js';

export interface ConversationPage {
  items: (Conversation & { readSeq: number; muted: boolean })[];
  nextCursor: string | null;
}

export interface MembershipChange {
  conversationId: string;
  userId: string;
  action: 'added' | 'removed';
  at: Date;
}

/** A stored message's effect on its conversation: activity up to `seq`, the sender's read marker to it. */
export interface RecordedSend {
  conversationId: string;
  senderId: string;
  seq: number;
  /** The message's time: the activity time, and the read time when the marker moves. */
  at: Date;
}

/**
 * Conversations and memberships (PostgreSQL). Invariants: one direct conversation per pair of
 * users; a read marker never moves backwards; `lastSeq`/`lastActivityAt` only move forwards, so
 * late or repeated activity reports are harmless.
 */
export interface ConversationStore {
  /** Returns the existing direct conversation of the pair, or creates it. */
  createDirect(input: { id: string; userA: string; userB: string; at: Date }): Promise<{ conversation: ConversationWithMembers; created: boolean }>;
  createGroup(input: { id: string; title: string; ownerId: string; memberIds: string[]; at: Date }): Promise<ConversationWithMembers>;
  get(conversationId: string): Promise<ConversationWithMembers | undefined>;
  member(conversationId: string, userId: string): Promise<Member | undefined>;
  memberIds(conversationId: string): Promise<string[]>;
  /** `memberIds` of several conversations in one read (a batch of sends); every id asked for is a key. */
  memberIdsOf(conversationIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The user's conversations, most recent activity first, paged by an opaque cursor. */
  listForUser(userId: string, page: { cursor?: string | undefined; limit: number }): Promise<ConversationPage>;
  conversationIdsForUser(userId: string): Promise<string[]>;
  /** `conversationIdsForUser` for several users in one read (a burst of gateway connects); every user is a key. */
  conversationIdsForUsers(userIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Adds members not already in; returns the ids actually added. */
  addMembers(conversationId: string, userIds: string[], role: Role, at: Date): Promise<string[]>;
  /** Sets a current member's role (never the owner's); returns whether such a member was found. */
  setRole(conversationId: string, userId: string, role: Exclude<Role, 'owner'>): Promise<boolean>;
  /** Returns whether the user was a member. */
  removeMember(conversationId: string, userId: string, at: Date): Promise<boolean>;
  updateTitle(conversationId: string, title: string, at: Date): Promise<void>;
  /** Mutes or unmutes the conversation's notifications for one current member; returns whether they are one. */
  setMuted(conversationId: string, userId: string, muted: boolean): Promise<boolean>;
  /** Moves the read marker forward (never back) and returns the resulting marker. */
  advanceRead(conversationId: string, userId: string, seq: number, at: Date): Promise<number>;
  recordActivity(conversationId: string, seq: number, at: Date): Promise<void>;
  /**
   * `recordActivity` and the sender's `advanceRead` for every send, in one write (a batch of
   * sends whose messages live in another database). As monotonic as both: repeats, and sends
   * reported out of order, never move anything back.
   */
  recordSends(sends: readonly RecordedSend[]): Promise<void>;
  /** For sync: memberships gained or lost and read markers moved after `since`. */
  changesSince(
    userId: string,
    since: Date,
  ): Promise<{ memberships: MembershipChange[]; readMarkers: { conversationId: string; userId: string; seq: number }[] }>;
}
