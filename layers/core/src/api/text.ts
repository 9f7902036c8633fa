import { z } from 'zod';

/**
 * The one rule for text that can be stored or reach a query. PostgreSQL cannot hold U+0000 (a NUL
 * used to turn into a 500), other C0 controls break logs and clients, and a lone UTF-16 surrogate
 * cannot be encoded as UTF-8 (the driver would silently store U+FFFD). With the `u` flag a
 * surrogate class matches only unpaired halves, so emoji pass.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001F\u007F\uD800-\uDFFF]*$/u;
/** Message text keeps line breaks and tabs; nothing else below U+0020. */
// eslint-disable-next-line no-control-regex -- as above
const MULTI_LINE = /^[^\u0000-\u0008\u000B-\u001F\u007F\uD800-\uDFFF]*$/u;
const ID = /^[A-Za-z0-9_.:-]+$/;

export const CONTROL_ISSUE = 'must not contain control characters or unpaired surrogates';
export const MAX_ID_LENGTH = 128;

/** A one-line text field (names, titles, logins, tokens, queries). */
export const line = () => z.string().regex(SINGLE_LINE, CONTROL_ISSUE);

/** Text that may span lines: message bodies. */
export const multiline = () => z.string().regex(MULTI_LINE, CONTROL_ISSUE);

/** An opaque id (path parameters, ids in bodies and frames), checked for shape before any query. */
export const id = (max = MAX_ID_LENGTH) => z.string().min(1).max(max).regex(ID, 'letters, digits, _ . : - only');

/** The client's idempotency key of a message. */
export const clientMsgId = () => id(64);

/** Whether a string passes the one-line rule (cursors and other decoded values). */
export const isCleanLine = (value: string): boolean => SINGLE_LINE.test(value);

/** A page cursor as the client sent it; `domain/cursor.ts` decodes it or answers `invalid_cursor`. */
export const cursorParam = z.string().optional().describe('opaque: the nextCursor (or cursor) of the previous page');
