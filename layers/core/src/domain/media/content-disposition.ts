import { mediaKind } from './content-types.js';

/**
 * Images, audio and video open in the browser; everything else downloads, so a document is never
 * rendered on our download domain. The name goes in twice (RFC 6266): an ASCII `filename` for old
 * clients and the exact UTF-8 name in `filename*` (RFC 5987).
 */
export function contentDisposition(contentType: string, fileName: string): string {
  const kind = mediaKind(contentType);
  const type = kind === 'file' ? 'attachment' : 'inline';
  return `${type}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

// attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

export function encodeRfc5987(value: string): string {
  let out = '';
  for (const char of value) {
    if (ATTR_CHAR.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
