import { AppError } from './errors.js';

/**
 * Page cursors, encoded and decoded in one place. A cursor is client input: it comes back to us
 * as base64url JSON the client may have crafted, so every part is range-checked here before a
 * query sees it (a date PostgreSQL cannot hold, or an id with a NUL, used to become a 500).
 */
export type CursorPart = 'time' | 'id' | 'seq';
type PartValue<P extends CursorPart> = P extends 'time' ? Date : P extends 'id' ? string : number;
export type CursorValues<S extends readonly CursorPart[]> = { [K in keyof S]: PartValue<S[K]> };

export const MAX_CURSOR_LENGTH = 512;
// Every cursor we issue stamps a time after 1970; 9999 is the last year toISOString() writes without
// a sign, well inside what timestamptz holds.
const MIN_TIME = 0;
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_SEQ = 2_147_483_647;

export class InvalidCursorError extends AppError {
  constructor(issue = 'not a cursor this API issued') {
    super('invalid_cursor', 'Invalid cursor', { details: [{ field: 'cursor', issue }] });
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor<S extends readonly CursorPart[]>(shape: S, values: CursorValues<S>): string {
  const parts = shape.map((kind, i) => (kind === 'time' ? (values[i] as Date).toISOString() : values[i]));
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The values of a cursor of this shape, or `InvalidCursorError` for anything else. */
export function decodeCursor<S extends readonly CursorPart[]>(shape: S, cursor: string): CursorValues<S> {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parts) || parts.length !== shape.length) throw new InvalidCursorError();
  return shape.map((kind, i) => decodePart(kind, parts[i])) as CursorValues<S>;
}

function decodePart(kind: CursorPart, value: unknown): Date | string | number {
  if (kind === 'id' && typeof value === 'string' && ID.test(value)) return value;
  if (kind === 'seq' && Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SEQ) return value as number;
  if (kind === 'time' && typeof value === 'string') {
    const ms = Date.parse(value);
    // Only the exact form toISOString() writes: Date.parse is lenient (it accepts '2026\0').
    if (!Number.isNaN(ms) && ms >= MIN_TIME && ms <= MAX_TIME && new Date(ms).toISOString() === value) return new Date(ms);
    throw new InvalidCursorError("the cursor's time is out of range");
  }
  throw new InvalidCursorError();
}
