/**
 * Decodes and re-encodes images for the media processor (adapter: sharp/libvips). Everything a
 * member downloads goes through `sanitize` first, so no EXIF (GPS position, camera serial), XMP,
 * IPTC or comment that the uploader's device wrote reaches anyone else.
 */
export interface ImageProcessor {
  /**
   * The image re-encoded in its own format with its orientation applied to the pixels and no
   * metadata at all, a WebP thumbnail fitting `thumbnailSize`×`thumbnailSize` (never enlarged),
   * and the displayed (oriented) dimensions. Throws `UndecodableImageError` for bytes it cannot
   * decode as `contentType`.
   */
  sanitize(input: Uint8Array, contentType: string, options: { thumbnailSize: number }): Promise<SanitizedImage>;
}

export interface SanitizedImage {
  original: Uint8Array;
  thumbnail: Uint8Array;
  width: number;
  height: number;
}

export class UndecodableImageError extends Error {
  override readonly name = 'UndecodableImageError';
}
