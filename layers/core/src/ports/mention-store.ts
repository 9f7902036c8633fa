/** One message's mention of one user. */
export interface Mention {
  conversationId: string;
  seq: number;
  userId: string;
  senderId: string;
  messageId: string;
  createdAt: Date;
}

/** A mention as its user lists it: `read` once their read marker has reached the message. */
export type MentionItem = Omit<Mention, 'userId'> & { read: boolean };

export interface MentionPage {
  items: MentionItem[];
  nextCursor: string | null;
}

/**
 * Who was @mentioned where (PostgreSQL, migration `0005-mentions.sql`). One adapter (SQL, on
 * PostgreSQL and PGlite) passes `mention-store.contract.ts`.
 *
 * Invariants: a (conversation, seq, user) is stored at most once, so recording a message again
 * inserts nothing and reports nobody; reads only show mentions in conversations the user is
 * still a member of, and compare with their current read marker.
 */
export interface MentionStore {
  /** Records that the message mentions `userIds`; returns the ids this call inserted (new rows only). */
  record(message: Omit<Mention, 'userId'>, userIds: readonly string[]): Promise<string[]>;
  /** Current members of the conversation whose username is one of `usernames` (case-insensitive). */
  membersByUsername(conversationId: string, usernames: readonly string[]): Promise<Map<string, string>>;
  /** Per conversation (absent = 0), the user's mentions above their read marker. */
  countUnread(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>>;
  /** The user's mentions, newest first, paged by an opaque cursor; optionally unread ones only. */
  listForUser(userId: string, page: { cursor?: string | undefined; limit: number; unreadOnly: boolean }): Promise<MentionPage>;
}
