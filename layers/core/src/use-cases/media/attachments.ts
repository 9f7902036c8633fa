import type { Attachment } from '../../domain/chat/message.js';
import { ValidationError, type ErrorDetail } from '../../domain/errors.js';
import type { MediaStore, MessageKey } from '../../ports/media-store.js';
import { mediaStatus } from '../../domain/media/media-view.js';
import { mediaKind } from '../../domain/media/content-types.js';

/**
 * Turns a message's `[{mediaId}]` into the attachment views it stores, and attaches the media to
 * it: each must be ready (or processing), the sender's, in the message's conversation, and not on
 * another message. The view holds no URL: history outlives any signed link.
 */
export async function attachMedia(media: MediaStore, ref: MessageKey, refs: readonly { mediaId: string }[], at: Date): Promise<Attachment[]> {
  if (refs.length === 0) return [];
  const ids = refs.map((r) => r.mediaId);
  const found = new Map((await media.getMany(ids)).map((m) => [m.id, m]));
  const details: ErrorDetail[] = [];
  ids.forEach((id, i) => {
    const m = found.get(id);
    const field = `attachments.${i}.mediaId`;
    if (new Set(ids).size !== ids.length && ids.indexOf(id) !== i) details.push({ field, issue: 'is listed twice' });
    else if (!m || m.deletedAt || m.ownerId !== ref.senderId || m.conversationId !== ref.conversationId)
      details.push({ field, issue: 'is not a media you uploaded to this conversation' });
    else if (m.state !== 'ready') details.push({ field, issue: `is ${mediaStatus(m)}, not ready: complete the upload first` });
    else if (m.attachedTo !== null && m.attachedTo !== ref.clientMsgId) details.push({ field, issue: 'is already attached to another message' });
  });
  if (details.length > 0) throw new ValidationError('Invalid attachments', details);
  if (!(await media.attach(ref, ids, at)))
    throw new ValidationError('Invalid attachments', [{ field: 'attachments', issue: 'changed while sending; try again' }]);
  return ids.map((id) => {
    const m = found.get(id)!;
    return {
      mediaId: m.id,
      kind: mediaKind(m.contentType!),
      name: m.fileName,
      contentType: m.contentType!,
      size: m.size!,
      width: m.width,
      height: m.height,
      durationMs: m.durationMs,
    };
  });
}
