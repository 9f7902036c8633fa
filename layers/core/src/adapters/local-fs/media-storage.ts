import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type DownloadGrant, type MediaStorage, type StoredObject, type UploadGrant } from '../../ports/media-storage.js';

export interface LocalFsMediaStorageOptions {
  /** Root directory (`$DATA_DIR/media`): bytes under `data/`, their type and disposition under `meta/`. */
  dir: string;
  /** Where the request handler is mounted, e.g. `http://127.0.0.1:8080/media-files`. */
  baseUrl: string;
  /** Signs the URLs; at least 32 bytes. */
  secret: string;
  now?: () => number;
}

interface Meta {
  contentType: string;
  contentDisposition?: string;
}

/**
 * Media on local disk with the same client flow as OSS: grants are URLs to `handleRequest`, signed
 * with an expiring HMAC over the method, key, expiry and, for uploads, the Content-Type and
 * Content-Length the request must carry.
 */
export class LocalFsMediaStorage implements MediaStorage {
  private readonly baseUrl: URL;
  private readonly now: () => number;

  constructor(private readonly options: LocalFsMediaStorageOptions) {
    if (options.secret.length < 32) throw new Error('LocalFsMediaStorage: the URL secret must be at least 32 characters');
    this.baseUrl = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
    this.now = options.now ?? Date.now;
  }

  async grantUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<UploadGrant> {
    const key = assertStorageKey(input.key);
    const exp = this.expiry(input.expiresInSeconds);
    const sig = this.sign(['PUT', key, exp, input.contentType, String(input.size)]);
    return { method: 'PUT', url: this.url(key, { exp, sig }), headers: { 'Content-Type': input.contentType }, expiresAt: new Date(Number(exp) * 1000) };
  }

  async grantDownload(input: { key: string; expiresInSeconds: number; contentType: string; contentDisposition: string }): Promise<DownloadGrant> {
    const key = assertStorageKey(input.key);
    const exp = this.expiry(input.expiresInSeconds);
    const sig = this.sign(['GET', key, exp, input.contentType, input.contentDisposition]);
    return { url: this.url(key, { exp, ct: input.contentType, cd: input.contentDisposition, sig }), expiresAt: new Date(Number(exp) * 1000) };
  }

  async inspect(key: string, firstBytes: number): Promise<StoredObject | undefined> {
    const meta = await this.readMeta(assertStorageKey(key));
    if (!meta) return undefined;
    const file = await open(this.dataPath(key)).catch(() => undefined);
    if (!file) return undefined;
    try {
      const { size } = await file.stat();
      const buffer = new Uint8Array(Math.min(firstBytes, size));
      await file.read(buffer, 0, buffer.length, 0);
      return { size, contentType: meta.contentType, firstBytes: buffer };
    } finally {
      await file.close();
    }
  }

  async copy(input: { from: string; to: string; contentType: string; contentDisposition: string }): Promise<void> {
    const to = this.dataPath(assertStorageKey(input.to));
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(this.dataPath(assertStorageKey(input.from)), to);
    await this.writeMeta(input.to, { contentType: input.contentType, contentDisposition: input.contentDisposition });
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    if (!(await this.readMeta(assertStorageKey(key)))) return undefined;
    return readFile(this.dataPath(key)).then(
      (body) => new Uint8Array(body),
      () => undefined,
    );
  }

  async put(input: { key: string; body: Uint8Array; contentType: string; contentDisposition: string }): Promise<void> {
    const target = this.dataPath(assertStorageKey(input.key));
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file (the processor rewrites in place).
    const tmp = `${target}.${randomUUID()}.tmp`;
    await writeFile(tmp, input.body);
    await rename(tmp, target);
    await this.writeMeta(input.key, { contentType: input.contentType, contentDisposition: input.contentDisposition });
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await rm(this.metaPath(key), { force: true });
    await rm(this.dataPath(key), { force: true });
  }

  /** Serves the granted URLs (node:http); the local cloud mounts it at `baseUrl`'s path. */
  readonly handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', this.baseUrl);
      if (!url.pathname.startsWith(this.baseUrl.pathname)) return reply(res, 404, 'NoSuchKey');
      const key = decodeURIComponent(url.pathname.slice(this.baseUrl.pathname.length));
      try {
        assertStorageKey(key);
      } catch {
        return reply(res, 404, 'NoSuchKey');
      }
      const q = url.searchParams;
      const exp = q.get('exp') ?? '';
      if (req.method === 'PUT') {
        const fields = ['PUT', key, exp, req.headers['content-type'] ?? '', req.headers['content-length'] ?? ''];
        if (!this.verify(fields, exp, q.get('sig')) || req.headers['transfer-encoding']) return reply(res, 403, 'SignatureDoesNotMatch');
        return await this.receive(req, res, key, Number(req.headers['content-length']), String(req.headers['content-type']));
      }
      if (req.method === 'GET') {
        const [ct, cd] = [q.get('ct') ?? '', q.get('cd') ?? ''];
        if (!this.verify(['GET', key, exp, ct, cd], exp, q.get('sig'))) return reply(res, 403, 'AccessDenied');
        return await this.send(res, key, ct, cd);
      }
      return reply(res, 403, 'AccessDenied');
    } catch (error) {
      if (!res.headersSent) reply(res, 500, 'InternalError');
      else res.destroy(error as Error);
    }
  };

  private async receive(req: IncomingMessage, res: ServerResponse, key: string, size: number, contentType: string): Promise<void> {
    if (await this.readMeta(key)) return reply(res, 409, 'FileAlreadyExists');
    const tmp = path.join(this.options.dir, 'tmp', randomUUID());
    await mkdir(path.dirname(tmp), { recursive: true });
    try {
      let received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      await pipeline(req, createWriteStream(tmp));
      if (received !== size) return reply(res, 403, 'InvalidArgument');
      const target = this.dataPath(key);
      await mkdir(path.dirname(target), { recursive: true });
      // link() fails if the key exists: two racing uploads cannot both land.
      const linked = await link(tmp, target).then(
        () => true,
        (e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? false : Promise.reject(e)),
      );
      if (!linked) return reply(res, 409, 'FileAlreadyExists');
      await this.writeMeta(key, { contentType });
      reply(res, 200, '');
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async send(res: ServerResponse, key: string, contentType: string, contentDisposition: string): Promise<void> {
    const body = (await this.readMeta(key)) ? await readFile(this.dataPath(key)).catch(() => undefined) : undefined;
    if (!body) return reply(res, 404, 'NoSuchKey');
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Disposition': contentDisposition,
      'Content-Length': body.length,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=60',
    });
    res.end(body);
  }

  private expiry(seconds: number): string {
    return String(Math.floor(this.now() / 1000) + seconds);
  }

  private sign(fields: string[]): string {
    return createHmac('sha256', this.options.secret).update(fields.join('\n')).digest('hex');
  }

  private verify(fields: string[], exp: string, sig: string | null): boolean {
    if (!/^\d{1,12}$/.test(exp) || !sig || !/^[0-9a-f]{64}$/.test(sig)) return false;
    const ok = timingSafeEqual(Buffer.from(this.sign(fields), 'hex'), Buffer.from(sig, 'hex'));
    return ok && Number(exp) * 1000 >= this.now();
  }

  private url(key: string, query: Record<string, string>): string {
    const url = new URL(key.split('/').map(encodeURIComponent).join('/'), this.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private dataPath(key: string): string {
    return path.join(this.options.dir, 'data', key);
  }

  private metaPath(key: string): string {
    return path.join(this.options.dir, 'meta', `${key}.json`);
  }

  private async readMeta(key: string): Promise<Meta | undefined> {
    return readFile(this.metaPath(key), 'utf8').then(
      (text) => JSON.parse(text) as Meta,
      () => undefined,
    );
  }

  private async writeMeta(key: string, meta: Meta): Promise<void> {
    const target = this.metaPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(meta));
    await rename(tmp, target);
  }
}

function reply(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'Content-Type': code ? 'application/xml' : 'text/plain' });
  res.end(code ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>` : '');
}
