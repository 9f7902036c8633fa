import type { EmailNotifications } from '../domain/auth/user.js';

/** Why a user hears of a message by e-mail: mentioned, or they want every message ('all'). */
export type EmailReason = 'mention' | 'message';

export interface NewPendingEmail {
  userId: string;
  conversationId: string;
  seq: number;
  reason: EmailReason;
  dueAt: Date;
  createdAt: Date;
}

/** Everything pending for one user in one conversation: one e-mail. */
export interface PendingGroup {
  userId: string;
  conversationId: string;
  items: { seq: number; reason: EmailReason }[];
  /** How often this group has been claimed, this time included. */
  attempts: number;
}

/**
 * E-mail notifications waiting for their delay (PostgreSQL, migration `0006-email.sql`). One
 * adapter (SQL, on PostgreSQL and PGlite).
 *
 * Invariants: a (user, conversation, seq) is pending at most once, so adding it again changes
 * nothing; a claimed row is invisible to other claims until its lease ends, so concurrent
 * flushers never send the same rows twice while both are alive.
 */
export interface EmailPendingStore {
  /** Current members except the sender who have not read `seq` and whose e-mail setting is not 'off'. */
  recipients(conversationId: string, seq: number, senderId: string): Promise<{ userId: string; emailNotifications: EmailNotifications }[]>;
  /** Adds rows not already pending; returns how many it added. */
  add(rows: readonly NewPendingEmail[]): Promise<number>;
  /**
   * Claims up to `limit` groups whose oldest unclaimed row is due at `now`, with all their unclaimed
   * rows, due or not, until `leaseUntil`.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<PendingGroup[]>;
  /** Forgets rows (sent, cancelled or given up). */
  remove(userId: string, conversationId: string, seqs: readonly number[]): Promise<void>;
}
