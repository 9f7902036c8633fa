import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes `sniff` needs (file-type reads at most this many for its signatures). */
export const SNIFF_BYTES = 4100;

// Formats file-type names differently from the type a client declares, or cannot tell apart from
// their container (Office documents before 2007 are CFB files; OOXML and ODF are ZIP files whose
// telling entry may lie past the first bytes; WebM cannot say whether it holds only audio).
const SAME_FORMAT: Record<string, readonly string[]> = {
  'audio/mp4': ['audio/x-m4a', 'video/mp4', 'audio/mp4'],
  'audio/ogg': ['audio/ogg', 'audio/opus'],
  'audio/opus': ['audio/opus', 'audio/ogg'],
  'audio/webm': ['audio/webm', 'video/webm'],
  'audio/flac': ['audio/flac', 'audio/x-flac'],
  'audio/wav': ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'],
  'image/heic': ['image/heic', 'image/heif'],
  'image/heif': ['image/heif', 'image/heic'],
  'video/3gpp': ['video/3gpp', 'video/mp4'],
  'application/msword': ['application/x-cfb'],
  'application/vnd.ms-excel': ['application/x-cfb'],
  'application/vnd.ms-powerpoint': ['application/x-cfb'],
};
const ZIP_BASED = /^application\/vnd\.(openxmlformats-officedocument|oasis\.opendocument)\./;
const TEXT = new Set(['text/plain', 'text/csv']);

/**
 * Whether the first bytes of an upload are the declared type. Text has no signature: it passes
 * when nothing else is recognised and the bytes are UTF-8 with no NUL.
 */
export async function matchesDeclaredType(declared: string, firstBytes: Uint8Array): Promise<{ ok: boolean; found: string | undefined }> {
  const found = (await fileTypeFromBuffer(firstBytes))?.mime;
  if (TEXT.has(declared)) return { ok: found === undefined && isUtf8Text(firstBytes), found };
  if (found === undefined) return { ok: false, found };
  const accepted = SAME_FORMAT[declared] ?? [declared];
  return { ok: accepted.includes(found) || (ZIP_BASED.test(declared) && (found === 'application/zip' || found === declared)), found };
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  // The sample may end inside a multi-byte character: drop up to 3 trailing bytes before decoding.
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  return bytes.length === 0;
}
