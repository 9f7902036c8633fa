import type { ErrorDetail } from '../errors.js';

export const MAX_FILE_NAME_LENGTH = 255;

// C0/C1 controls and DEL, plus the bidirectional overrides that make "photo\u202Egpj.exe" read as
// "photoexe.jpg": a name is only displayed, so anything that changes how it displays is refused.
const CONTROL_OR_BIDI = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/**
 * Checks a display-only file name and returns it NFC-normalised, or the problems found. Names never
 * reach object keys (see `mediaKeys`), so the rules are about what a member sees and what a
 * download saves as: no path separators, no control characters, not empty, not `.` or `..`.
 */
export function checkFileName(raw: string): { ok: true; fileName: string } | { ok: false; details: ErrorDetail[] } {
  const name = raw.normalize('NFC');
  const issues: string[] = [];
  if (name.trim() === '') issues.push('must not be empty');
  if ([...name].length > MAX_FILE_NAME_LENGTH) issues.push(`must be at most ${MAX_FILE_NAME_LENGTH} characters`);
  if (/[/\\]/.test(name)) issues.push('must not contain path separators (/ or \\)');
  if (CONTROL_OR_BIDI.test(name)) issues.push('must not contain control or bidirectional-override characters');
  if (name === '.' || name === '..') issues.push('must be a file name');
  if (name !== name.trim()) issues.push('must not start or end with spaces');
  return issues.length === 0 ? { ok: true, fileName: name } : { ok: false, details: issues.map((issue) => ({ field: 'fileName', issue })) };
}
