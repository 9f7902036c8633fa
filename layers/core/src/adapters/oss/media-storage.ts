import OSS from 'ali-oss';
import { assertStorageKey, type DownloadGrant, type MediaStorage, type StoredObject, type UploadGrant } from '../../ports/media-storage.js';

export interface OssMediaStorageOptions {
  /** `cn-hangzhou` or `oss-cn-hangzhou`. */
  region: string;
  bucket: string;
  /**
   * The bucket's own domain (a CNAME such as `https://media-up.example.com`, or the local stand-in
   * `http://127.0.0.1:PORT`); unset, the public `<bucket>.oss-<region>.aliyuncs.com`.
   */
  endpoint?: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The STS token that comes with the FC role's temporary keys. */
  securityToken?: string;
}

/** V4 presigned URLs live at most 7 days. */
const MAX_EXPIRES_SECONDS = 604_800;

/**
 * Media in a private OSS bucket, signed with V4 only (server calls via `authorizationV4`, client
 * URLs via `signatureUrlV4`). An upload grant is a presigned PUT whose signature covers the
 * Content-Type, the exact Content-Length and `x-oss-forbid-overwrite: true`, so OSS refuses another
 * type or byte count (403) and never replaces an existing object (409 FileAlreadyExists).
 */
export class OssMediaStorage implements MediaStorage {
  private readonly client: OSS;

  constructor(options: OssMediaStorageOptions) {
    const region = options.region.startsWith('oss-') ? options.region : `oss-${options.region}`;
    this.client = new OSS({
      region,
      bucket: options.bucket,
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      ...(options.securityToken ? { stsToken: options.securityToken } : {}),
      // An endpoint is the bucket's own domain, so the host is not prefixed with the bucket (cname).
      // That is also the only form that reaches a loopback stand-in: `bucket.127.0.0.1` would not
      // resolve, and path-style (`sldEnable`) is refused by real OSS. The V4 canonical URI is
      // `/bucket/key` in every style, so signatures do not depend on this choice.
      ...(options.endpoint ? { endpoint: options.endpoint, cname: true } : {}),
      secure: options.endpoint ? options.endpoint.startsWith('https:') : true,
      authorizationV4: true,
      timeout: 30_000,
    });
  }

  async grantUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<UploadGrant> {
    const key = assertStorageKey(input.key);
    if (!Number.isSafeInteger(input.size) || input.size < 0) throw new RangeError(`Not a byte count: ${input.size}`);
    const headers = { 'Content-Type': input.contentType, 'x-oss-forbid-overwrite': 'true' };
    // Content-Length is signed as an additional header but not handed out: fetch sets it from the body.
    const url = await this.client.signatureUrlV4(
      'PUT',
      expires(input.expiresInSeconds),
      { headers: { ...headers, 'Content-Length': String(input.size) } },
      key,
      ['Content-Length'],
    );
    return { method: 'PUT', url, headers, expiresAt: expiresAt(url) };
  }

  async grantDownload(input: { key: string; expiresInSeconds: number; contentType: string; contentDisposition: string }): Promise<DownloadGrant> {
    const key = assertStorageKey(input.key);
    const queries = { 'response-content-type': input.contentType, 'response-content-disposition': input.contentDisposition };
    const url = await this.client.signatureUrlV4('GET', expires(input.expiresInSeconds), { queries }, key);
    return { url, expiresAt: expiresAt(url) };
  }

  async inspect(key: string, firstBytes: number): Promise<StoredObject | undefined> {
    assertStorageKey(key);
    const head = await orMissing(this.client.head(key));
    if (!head) return undefined;
    const headers = head.res.headers as Record<string, string | undefined>;
    const size = Number(headers['content-length']);
    const contentType = headers['content-type'] ?? 'application/octet-stream';
    const wanted = Math.min(Math.max(0, Math.floor(firstBytes)), size);
    if (wanted === 0) return { size, contentType, firstBytes: new Uint8Array(0) };
    const got = await orMissing(this.client.get(key, { headers: { Range: `bytes=0-${wanted - 1}` } }));
    if (!got) return undefined;
    // A 200 (the object shrank under a concurrent replace, impossible with forbid-overwrite) is cut to size too.
    return { size, contentType, firstBytes: new Uint8Array((got.content as Buffer).subarray(0, wanted)) };
  }

  async copy(input: { from: string; to: string; contentType: string; contentDisposition: string }): Promise<void> {
    // Any Content-* header makes ali-oss send x-oss-metadata-directive: REPLACE; it is set here too
    // so the copy never inherits the uploader's metadata even if that SDK rule changes.
    await this.client.copy(assertStorageKey(input.to), assertStorageKey(input.from), {
      headers: { 'Content-Type': input.contentType, 'Content-Disposition': input.contentDisposition, 'x-oss-metadata-directive': 'REPLACE' },
    });
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const got = await orMissing(this.client.get(assertStorageKey(key)));
    return got ? new Uint8Array(got.content as Buffer) : undefined;
  }

  async put(input: { key: string; body: Uint8Array; contentType: string; contentDisposition: string }): Promise<void> {
    // PutObject replaces: the processor's writes are its own, and a retried job must be able to redo them.
    await this.client.put(assertStorageKey(input.key), Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength), {
      headers: { 'Content-Type': input.contentType, 'Content-Disposition': input.contentDisposition },
    });
  }

  async delete(key: string): Promise<void> {
    // OSS answers 204 for a missing key as well; a 404 (e.g. a proxy) means the same.
    await orMissing(this.client.delete(assertStorageKey(key)));
  }
}

function expires(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_SECONDS) throw new RangeError(`expiresInSeconds must be 1..${MAX_EXPIRES_SECONDS}`);
  return seconds;
}

/** From the signed URL itself: x-oss-date is truncated to the second, so this is never late. */
function expiresAt(url: string): Date {
  const query = new URL(url).searchParams;
  const d = query.get('x-oss-date') ?? '';
  const signedAt = Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
  return new Date(signedAt + Number(query.get('x-oss-expires')) * 1000);
}

async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  return request.catch((error: { status?: number }) => {
    if (error?.status === 404) return undefined;
    throw error;
  });
}
