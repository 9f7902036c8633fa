/** A stored file shared in a conversation (DESIGN §4). Metadata lives in PostgreSQL, bytes in the MediaStorage. */
export const MEDIA_STATES = ['pending', 'ready', 'rejected'] as const;
export type MediaState = (typeof MEDIA_STATES)[number];

export interface Media {
  id: string;
  ownerId: string;
  conversationId: string;
  /** Display-only: shown to members and used in Content-Disposition, never part of an object key. */
  fileName: string;
  /** What the client said at grant time. */
  declaredType: string;
  declaredSize: number;
  /** What the stored object turned out to be; null until the upload is verified. */
  contentType: string | null;
  size: number | null;
  state: MediaState;
  /** Object key of the bytes: `pending/<id>` until verified, then the final key. */
  objectKey: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  thumbnailKey: string | null;
  /**
   * When the processing worker finished (metadata stripped, thumbnail written); null before. An
   * image is not served until then: its original may still carry EXIF GPS tags.
   */
  processedAt: Date | null;
  /**
   * The clientMsgId of the one message it is attached to (with owner and conversation, that names
   * the message, and it is known before the message is stored, so a retried send attaches the
   * same way); null until sent.
   */
  attachedTo: string | null;
  /** When its message was deleted: unreachable from then on, its objects removed by the cleanup. */
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the media processor found and wrote. */
export interface MediaProcessed {
  width: number | null;
  height: number | null;
  durationMs: number | null;
  thumbnailKey: string | null;
}

/** Only images are rewritten before members may fetch them (metadata can reveal where one lives). */
export const needsProcessing = (contentType: string) => contentType.startsWith('image/');

// Ids come from the IdGenerator (URL-safe); checked again here because they become object keys.
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

function safeId(what: string, id: string): string {
  if (!SAFE_ID.test(id)) throw new TypeError(`${what} ${JSON.stringify(id)} cannot be part of an object key`);
  return id;
}

/**
 * Object keys are built from server ids only, never from the user's file name, so a name cannot
 * walk the bucket or collide with another upload. `pending/` is where grants point; the bucket's
 * lifecycle rule and the cleanup timer delete what stays there.
 */
export const mediaKeys = {
  pendingPrefix: 'pending/',
  pending: (mediaId: string) => `pending/${safeId('media id', mediaId)}`,
  final: (conversationId: string, mediaId: string) => `media/${safeId('conversation id', conversationId)}/${safeId('media id', mediaId)}`,
  thumbnail: (conversationId: string, mediaId: string) => `thumbs/${safeId('conversation id', conversationId)}/${safeId('media id', mediaId)}`,
};

/** A media as an upload grant creates it: nothing verified yet, bytes expected under `pending/`. */
export function pendingMedia(input: {
  id: string;
  ownerId: string;
  conversationId: string;
  fileName: string;
  declaredType: string;
  declaredSize: number;
  at: Date;
}): Media {
  const { id, ownerId, conversationId, fileName, declaredType, declaredSize, at } = input;
  return {
    id,
    ownerId,
    conversationId,
    fileName,
    declaredType,
    declaredSize,
    contentType: null,
    size: null,
    state: 'pending',
    objectKey: mediaKeys.pending(id),
    width: null,
    height: null,
    durationMs: null,
    thumbnailKey: null,
    processedAt: null,
    attachedTo: null,
    deletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}
