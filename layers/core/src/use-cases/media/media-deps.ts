import type { ConversationStore } from '../../ports/conversation-store.js';
import type { KeyValueStore } from '../../ports/key-value.js';
import type { MediaStorage } from '../../ports/media-storage.js';
import type { MediaStore } from '../../ports/media-store.js';
import type { Clock, IdGenerator } from '../../ports/system.js';

export interface MediaLimits {
  maxBytes: number;
  /** Upload grants per user per hour: a grant is cheap to ask for and each holds a pending row. */
  grantsPerHour: number;
  uploadTtlSeconds: number;
  downloadTtlSeconds: number;
}

/** Signs download URLs on the CDN (type A) instead of the storage, when a CDN domain is set. */
export interface DownloadSigner {
  url(input: { key: string; contentType: string; contentDisposition: string; expiresAt: Date }): string;
}

/** What the media use cases need; the wiring (layers/core/src/wiring/media.ts) builds it. */
export interface MediaDeps {
  media: MediaStore;
  storage: MediaStorage;
  conversations: ConversationStore;
  kv: KeyValueStore;
  /**
   * Queues the processing job (metadata stripping, thumbnail) of a verified image. The job is
   * idempotent, and a repeated completion queues it again, so a lost job is repaired by a retry.
   */
  queueProcessing(mediaId: string): Promise<void>;
  cdn?: DownloadSigner | undefined;
  limits: MediaLimits;
  clock: Clock;
  ids: IdGenerator;
  log: { warn(details: object, message: string): void };
}
