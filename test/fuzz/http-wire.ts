import { request } from 'node:http';
import fc from 'fast-check';
import { ErrorBody } from '@chat/core/api/auth-schemas';
import { deepJson, hostileString } from './arbitraries.js';

/**
 * Requests as bytes on the wire (node:http, not fetch: fetch refuses or normalises much of what a
 * hostile client sends), and the checks every answer must pass.
 */
export interface WireRequest {
  method: string;
  /** Already percent-encoded path and query. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The connection failed instead of answering (e.g. ECONNRESET). */
  reset?: string;
}

export function send(base: URL, req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    const r = request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // Node resets a connection whose request head overflows while it is still being written.
    r.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: 0, headers: {}, text: '', reset: error.code }) : reject(error),
    );
    r.end(req.body);
  });
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

export function describeRequest(req: WireRequest): string {
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${clip(v, k === 'authorization' ? 20 : 200)}`);
  const body = req.body ? clip(JSON.stringify(req.body.toString('latin1'))) : '(none)';
  return `${req.method} ${clip(req.path)}\n  ${headers.join('\n  ')}\n  body: ${body}`;
}

/** RFC 3986 unreserved bytes stay, everything else is %XX of its UTF-8 bytes. */
export const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`))
    .join('');

/** Path or query pieces no UTF-8 string encodes to: invalid UTF-8, NUL, an encoded slash, bad escapes. */
export const rawSegment = fc.constantFrom('%FF', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%00', '%2F', '%2E%2E', '..', '%', '%zz', '%E2%82', 'a%0Ab');

/** Header values must be bytes 0x20–0xFF (and tab): text becomes its UTF-8 bytes read as latin1. */
export const headerSafe = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

export const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'a/b/c;;;=',
  '',
);

/** A body built from a JSON value: as JSON, or broken in one of the ways bytes can be broken. */
export function bodyBytes(value: fc.Arbitrary<unknown>): fc.Arbitrary<Buffer> {
  const text = value.map((v) => JSON.stringify(v) ?? 'null');
  const badUtf8 = fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x00]);
  return fc.oneof(
    { weight: 6, arbitrary: text.map((t) => Buffer.from(t, 'utf8')) },
    // Invalid UTF-8 inside the text (often inside a string value).
    fc.tuple(text, fc.nat(), badUtf8).map(([t, at, bytes]) => {
      const b = Buffer.from(t, 'utf8');
      const i = at % (b.length + 1);
      return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
    }),
    // Prototype keys and duplicate keys, which JSON.stringify cannot produce from an object literal.
    fc
      .tuple(text, fc.constantFrom('"__proto__":{"isAdmin":true}', '"constructor":{"prototype":{"x":1}}', '"__proto__":null', '"type":"group","type":1'))
      .map(([t, extra]) => Buffer.from(t.startsWith('{') && t.length > 2 ? `{${extra},${t.slice(1)}` : `{${extra}}`)),
    fc.tuple(text, fc.nat()).map(([t, at]) => Buffer.from(t.slice(0, at % (t.length + 1)))),
    deepJson.map((t) => Buffer.from(t)),
    fc.constantFrom('', ' ', 'null', '1e999', '-0', '123456789012345678901234567890', '"\\ud800"', '{"a":1}garbage', '\ufeff{}').map((t) => Buffer.from(t)),
    // Over the 64 KiB body limit.
    fc.constantFrom(70_000, 300_000).map((n) => Buffer.from(JSON.stringify({ text: 'x'.repeat(n) }))),
  );
}

/** Authorization headers: mostly the fuzz user's token, else broken, foreign or absent. */
export function authHeader(token: string, other: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${token}`) },
    fc.constant(undefined),
    fc.constant(`Bearer ${other}`),
    fc.constantFrom(
      `Bearer ${token}x`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Basic ${token}`,
      'Bearer',
      'Bearer ',
      `Bearer ${token.split('.').slice(0, 2).join('.')}.`,
    ),
    hostileString.map((s) => `Bearer ${headerSafe(s)}`),
  );
}

/** Extra headers: a hostile request id, a junk header, or one over Node's 16 KiB header limit. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  hostileString.map((s) => ({ 'x-request-id': headerSafe(s).slice(0, 2000) })),
  hostileString.map((s) => ({ 'x-fuzz': headerSafe(s).slice(0, 2000), accept: headerSafe(s).slice(0, 100) })),
  fc.constantFrom(20_000, 70_000).map((n) => ({ 'x-pad': 'a'.repeat(n) })),
);

/** Bytes of the request line and headers, to tell Node's own 16 KiB limit apart from ours. */
export const headBytes = (req: WireRequest) =>
  req.method.length + req.path.length + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 12);

/**
 * A request head over Node's 16 KiB limit is answered by the local cloud's `clientError` handler
 * with a shaped 431 and the socket is closed; a client still writing the head can see that close as
 * a reset before it reads the answer. Only that reset is exempt; the 431 itself is shape-checked.
 */
export const isNodeHeaderOverflow = (req: WireRequest, res: WireResponse) => res.reset !== undefined && headBytes(req) > 16 * 1024;

/** Never a 5xx; every 4xx is `{ error: { code, message, details }, requestId }` and names its request id. */
export function checkResponse(req: WireRequest, res: WireResponse): string | undefined {
  const what = `${req.method} ${clip(req.path, 200)} → ${res.status} ${clip(res.text)}`;
  if (isNodeHeaderOverflow(req, res)) return undefined;
  if (res.reset) return `connection reset (${res.reset}): ${what}`;
  if (res.status >= 500 || res.status < 100) return `server error: ${what}`;
  if (res.status < 400 || req.method === 'HEAD') return undefined;
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return `4xx not JSON: ${what}`;
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    return `4xx body not JSON: ${what}`;
  }
  const parsed = ErrorBody.strict().safeParse(json);
  if (!parsed.success) return `4xx not in the error shape: ${what}`;
  if (!parsed.data.requestId) return `4xx without a request id: ${what}`;
  if (res.headers['x-request-id'] !== parsed.data.requestId) return `x-request-id header differs from the body's requestId: ${what}`;
  return undefined;
}
