import type { CallTimelineContent } from '../domain/calls/call.js';
import type { Attachment, Message } from '../domain/chat/message.js';
import type { OutboxJob } from '../domain/jobs/job.js';
import type { OutboxEntry } from './outbox-store.js';

export interface NewMessage {
  id: string;
  conversationId: string;
  senderId: string;
  clientMsgId: string;
  text: string | null;
  attachments: Attachment[];
  replyToSeq: number | null;
  createdAt: Date;
  /** The record of an ended call (its timeline message); absent on what people write. */
  call?: CallTimelineContent | null;
}

/**
 * Builds the jobs a new message queues. Only the created message's jobs are stored. An adapter
 * that stores a send in one statement calls it before the seq exists, with `seq` set to
 * `PENDING_SEQ`, and puts the real seq wherever that number appears in the jobs: so the seq may
 * appear only as a JSON number, and everything else must come from the message or fresh ids.
 */
export type JobsFor = (message: Message) => OutboxJob[];

/** The placeholder seq of a message whose jobs are built before the seq is known (not a storable seq). */
export const PENDING_SEQ = Number.MAX_SAFE_INTEGER;

export interface Appended {
  message: Message;
  created: boolean;
  /** The jobs `jobsFor` made, now pending in the outbox; empty when the message already existed. */
  outbox: OutboxEntry[];
}

export interface Sent extends Appended {
  /** The conversation's current members (fan-out targets), the sender included. */
  recipients: string[];
}

export interface RangeQuery {
  /** Only messages with seq > afterSeq. */
  afterSeq?: number;
  /** Only messages with seq < beforeSeq. */
  beforeSeq?: number;
  limit: number;
}

/**
 * Message history. Adapters: MongoDB (production), PostgreSQL/PGlite (the embedded default) and
 * memory; all pass `message-store.contract.ts`.
 *
 * Invariants:
 * - `append` gives each conversation's messages seq 1, 2, 3… with no gap and no repeat, also under
 *   concurrent appends from several processes. A seq becomes visible only with its message.
 * - `append` is idempotent by (conversationId, senderId, clientMsgId), forever: a repeat returns the
 *   stored message, unchanged, with `created: false`.
 * - The jobs of `jobsFor` are stored in the outbox (`OutboxStore`) atomically with the message they
 *   belong to: both or neither, and none for a repeat.
 * - Edits, deletions and reactions never change a message's seq; a deleted message stays as a
 *   tombstone (`deletedAt` set, text null, attachments empty) so the sequence has no hole.
 * - `updatedAt` (internal) moves on every change so `changedSince` finds edits for sync.
 */
export interface MessageStore {
  append(message: NewMessage, jobsFor?: JobsFor): Promise<Appended>;
  /**
   * The store half of a send, all of it: the sender must be a member (else `NotFoundError`, see
   * `notAMember`), a repeat is answered with the original (whatever the reply target), a reply must
   * name an existing message (else `noReplyTarget`), then `append`, the conversation's activity
   * (`lastSeq`, `lastActivityAt`) and the sender's read marker move to the new message. Adapters
   * whose conversations live elsewhere take a `ConversationStore` for that part.
   */
  send(message: NewMessage, jobsFor?: JobsFor): Promise<Sent>;
  get(conversationId: string, seq: number): Promise<Message | undefined>;
  /**
   * Messages in ascending seq order. With only `beforeSeq` (or nothing) it returns the newest
   * `limit` below it; with `afterSeq` the oldest `limit` above it. `hasMore` says whether more
   * messages exist beyond the page in the direction of travel.
   */
  range(conversationId: string, query: RangeQuery): Promise<{ items: Message[]; hasMore: boolean }>;
  /** The newest message of each given conversation that has one. */
  latest(conversationIds: readonly string[]): Promise<Map<string, Message>>;
  /** Replaces the text, keeping the old one in `edits`. Undefined if no such message. */
  edit(conversationId: string, seq: number, text: string, at: Date): Promise<Message | undefined>;
  /** Turns the message into a tombstone. Deleting twice keeps the first `deletedAt`. */
  markDeleted(conversationId: string, seq: number, at: Date): Promise<Message | undefined>;
  /** Adds (present=true) or removes a user's reaction; idempotent either way. */
  setReaction(conversationId: string, seq: number, emoji: string, userId: string, present: boolean, at: Date): Promise<Message | undefined>;
  /**
   * Sets the ids of the users the message mentions (stored sorted and deduplicated). Setting the
   * same ids again is no change; a change moves `updatedAt` so sync reports it. Also on tombstones.
   */
  setMentions(conversationId: string, seq: number, userIds: readonly string[], at: Date): Promise<Message | undefined>;
  /**
   * Replaces the record of a call message (facts that arrived after the end changed its figures).
   * The same record again is no change; a change moves `updatedAt`. Messages people write, which
   * have no record, are left alone. Undefined if no such message.
   */
  setCall(conversationId: string, seq: number, call: CallTimelineContent, at: Date): Promise<Message | undefined>;
  /** Messages of the given conversations created or changed after `since`, oldest change first. */
  changedSince(conversationIds: readonly string[], since: Date, limit: number): Promise<Message[]>;
}
