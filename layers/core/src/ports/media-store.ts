import type { Media, MediaProcessed } from '../domain/media/media.js';

/** A message as media refer to it: its sender's clientMsgId is unique within the conversation. */
export interface MessageKey {
  conversationId: string;
  senderId: string;
  clientMsgId: string;
}

/**
 * Media metadata (PostgreSQL, migration `0009-media.sql`). One adapter (SQL, on PostgreSQL and
 * PGlite) passes `media-store.contract.ts`.
 *
 * Invariants: state moves only pending → ready, pending → rejected, or (an image the processor
 * cannot decode) unprocessed ready → rejected; a media is attached to at
 * most one message; once deleted it is never attached again. Each conditional write returns null
 * (or false) when its condition no longer holds, so a racing second caller learns it lost.
 */
export interface MediaStore {
  create(media: Media): Promise<void>;
  get(id: string): Promise<Media | null>;
  getMany(ids: readonly string[]): Promise<Media[]>;
  /** pending → ready with what the stored object turned out to be; null if it was not pending. */
  markReady(id: string, found: { contentType: string; size: number; objectKey: string; processedAt: Date | null }, at: Date): Promise<Media | null>;
  /** pending → rejected; false if it was not pending. */
  markRejected(id: string, at: Date): Promise<boolean>;
  /**
   * ready and unprocessed → rejected: the processor could not decode the image, so its metadata
   * cannot be stripped and it is never served. Null if it is not ready, already processed, or deleted.
   */
  markUndecodable(id: string, at: Date): Promise<Media | null>;
  /** Records the processor's results on a ready media; null if it is not ready or is deleted. */
  markProcessed(id: string, processed: MediaProcessed, at: Date): Promise<Media | null>;
  /**
   * Attaches every id to the owner's message `clientMsgId` if each is ready, the owner's, in the
   * conversation, and unattached (or already on that message): all or none.
   */
  attach(ref: MessageKey, ids: readonly string[], at: Date): Promise<boolean>;
  /** Marks the media of a deleted message as deleted; returns how many. */
  detachMessage(ref: MessageKey, at: Date): Promise<number>;
  /** Uploads never completed, and media of deleted messages, for the cleanup to remove. */
  stale(input: { pendingBefore: Date; limit: number }): Promise<Media[]>;
  /** Ready images whose processing never finished, last changed before `readyBefore` (lost jobs, to queue again). */
  unprocessed(input: { readyBefore: Date; limit: number }): Promise<Media[]>;
  /** Forgets a row whose objects were removed. */
  remove(id: string): Promise<void>;
}
