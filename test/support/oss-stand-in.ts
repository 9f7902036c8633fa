import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, verifyV4, type Failure, type OssStandInOptions } from './oss-stand-in-auth.js';

export type { OssCredentials, OssStandInOptions } from './oss-stand-in-auth.js';

interface StoredOssObject {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * A local OSS for the calls the media adapter makes (PutObject, presigned or header-signed,
 * CopyObject, HeadObject, GetObject with Range, DeleteObject). No OSS-compatible server exists to
 * install (media-notes.md §10), so this one checks every V4 signature exactly as the published
 * algorithm says (test/support/oss-v4.ts, checked against the official vectors) and refuses what
 * OSS refuses, in OSS's XML error format. It serves one bucket at its root, the way OSS serves a
 * bucket's own (CNAME) domain, so clients use `cname: true` with `endpoint`.
 */
export class OssStandIn {
  readonly objects = new Map<string, StoredOssObject>();
  /** Milliseconds added to the real clock when checking dates and expiry. */
  offsetMs = 0;
  endpoint = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));

  private constructor(readonly options: OssStandInOptions) {}

  static async start(options: OssStandInOptions): Promise<OssStandIn> {
    const standIn = new OssStandIn(options);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.endpoint = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  advanceClock(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const key = decodeURIComponent(url.pathname.slice(1));
    // The signature first, as OSS does: an unauthenticated caller learns nothing about the body.
    const failure =
      verifyV4(this.options, Date.now() + this.offsetMs, req.method ?? '', key, url, headers) ??
      (headers['content-length'] !== undefined && Number(headers['content-length']) !== body.length
        ? fail(400, 'IncompleteBody', 'The body is not as long as Content-Length says.')
        : undefined) ??
      payloadMismatch(headers['x-oss-content-sha256'], body);
    if (failure) return sendError(res, req.method, failure);
    if (!key) return sendError(res, req.method, fail(400, 'InvalidObjectName', 'No object key.'));
    const result = this.dispatch(req.method ?? '', key, url, headers, body);
    if ('code' in result) return sendError(res, req.method, result);
    res.writeHead(result.status, { 'x-oss-request-id': randomUUID(), ...result.headers });
    res.end(req.method === 'HEAD' ? undefined : result.body);
  }

  private dispatch(method: string, key: string, url: URL, headers: Record<string, string>, body: Buffer): Failure | Reply {
    const existing = this.objects.get(key);
    if (method === 'PUT') {
      if (headers['x-oss-forbid-overwrite'] === 'true' && existing)
        return fail(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.');
      const source = headers['x-oss-copy-source'];
      if (source !== undefined) return this.copy(key, source, headers);
      if (headers['content-md5'] && headers['content-md5'] !== createHash('md5').update(body).digest('base64'))
        return fail(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.');
      return this.store(key, body, headers);
    }
    if (method === 'DELETE') {
      this.objects.delete(key);
      return { status: 204, headers: {} };
    }
    if (method !== 'GET' && method !== 'HEAD') return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (!existing) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    const overrides: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition', 'cache-control', 'content-language', 'expires', 'content-encoding']) {
      const value = url.searchParams.get(`response-${name}`);
      if (value !== null) overrides[name] = value;
    }
    const size = existing.body.length;
    const range = method === 'GET' ? /^bytes=(\d+)-(\d*)$/.exec(headers.range ?? '') : null;
    const [start, end] = range ? [Number(range[1]), Math.min(size - 1, range[2] ? Number(range[2]) : size - 1)] : [0, size - 1];
    // OSS answers an unsatisfiable range with the whole object (200), unless asked for standard behaviour.
    if (range && start <= end) {
      const part = existing.body.subarray(start, end + 1);
      const rangeHeaders = { 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${size}` };
      return { status: 206, headers: { ...existing.headers, ...overrides, ...rangeHeaders }, body: part };
    }
    return { status: 200, headers: { ...existing.headers, ...overrides, 'content-length': String(size) }, body: existing.body };
  }

  private copy(key: string, source: string, headers: Record<string, string>): Failure | Reply {
    const prefix = `/${this.options.bucket}/`;
    const from = decodeURIComponent(source);
    if (!from.startsWith(prefix)) return fail(403, 'AccessDenied', 'The copy source is in another bucket.');
    const original = this.objects.get(from.slice(prefix.length));
    if (!original) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    const replace = (headers['x-oss-metadata-directive'] ?? 'COPY') === 'REPLACE';
    const reply = replace ? this.store(key, original.body, headers) : this.store(key, original.body, original.headers);
    const { etag, 'last-modified': modified } = this.objects.get(key)!.headers;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><ETag>${etag}</ETag><LastModified>${new Date(modified!).toISOString()}</LastModified></CopyObjectResult>`;
    return { ...reply, headers: { ...reply.headers, 'content-type': 'application/xml' }, body: Buffer.from(xml) };
  }

  private store(key: string, body: Buffer, headers: Record<string, string>): Reply {
    const etag = `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;
    const kept: Record<string, string> = { 'content-type': headers['content-type'] ?? 'application/octet-stream', etag };
    for (const [name, value] of Object.entries(headers)) {
      if (['content-disposition', 'cache-control', 'content-language', 'content-encoding', 'expires'].includes(name) || name.startsWith('x-oss-meta-'))
        kept[name] = value;
    }
    kept['last-modified'] = new Date(Date.now() + this.offsetMs).toUTCString();
    kept['accept-ranges'] = 'bytes';
    this.objects.set(key, { body, headers: kept });
    return { status: 200, headers: { etag } };
  }
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A signed body hash must match; ali-oss always sends UNSIGNED-PAYLOAD. (OSS's exact code for a mismatch is unverified.) */
function payloadMismatch(declared: string | undefined, body: Buffer): Failure | undefined {
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD' || declared === createHash('sha256').update(body).digest('hex')) return undefined;
  return fail(400, 'InvalidDigest', 'The x-oss-content-sha256 you specified does not match the body.');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const escapeXml = (text: string) => text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));

function sendError(res: ServerResponse, method: string | undefined, failure: Failure): void {
  const requestId = randomUUID();
  const fields = { Code: failure.code, Message: failure.message, RequestId: requestId, HostId: 'stand-in.oss', ...failure.extra };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n${Object.entries(fields)
    .map(([k, v]) => `  <${k}>${escapeXml(v)}</${k}>\n`)
    .join('')}</Error>\n`;
  // HEAD answers carry no body, so OSS puts the error document, base64, in x-oss-err.
  const headers = { 'content-type': 'application/xml', 'x-oss-request-id': requestId, 'x-oss-ec': '0000-00000000' };
  if (method === 'HEAD') res.writeHead(failure.status, { ...headers, 'x-oss-err': Buffer.from(xml).toString('base64') }).end();
  else res.writeHead(failure.status, { ...headers, 'content-length': Buffer.byteLength(xml) }).end(xml);
}
