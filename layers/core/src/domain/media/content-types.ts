/**
 * Types members may share. Anything a browser would run when opened from our download domain
 * (HTML, SVG, XML, JavaScript) stays out, even as an attachment: a later CDN or header change must
 * not turn a stored file into a script on our origin.
 */
export const ALLOWED_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/webm',
  'audio/flac',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/3gpp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/rtf',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);

/** `Image/JPEG; charset=x` → `image/jpeg`: parameters are dropped, so a grant signs one canonical value. */
export function normalizeContentType(value: string): string {
  return value.split(';', 1)[0]!.trim().toLowerCase();
}

export function isAllowedContentType(value: string): boolean {
  return ALLOWED_CONTENT_TYPES.has(normalizeContentType(value));
}

export type MediaKind = 'image' | 'audio' | 'video' | 'file';

export function mediaKind(contentType: string): MediaKind {
  const top = normalizeContentType(contentType).split('/', 1)[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}
