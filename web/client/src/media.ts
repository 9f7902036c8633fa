import { ApiError } from './errors.js';
import type { FetchLike } from './session.js';
import type { UploadGrant } from './types.js';

/** What can be uploaded: a browser `File`/`Blob`, or bytes (Node). */
export type UploadBody = Blob | Uint8Array;

export interface UploadOptions {
  /** Bytes sent so far and the total; browsers report as they go, fetch only at the end. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** The part of XMLHttpRequest used for upload progress (fetch has none for request bodies). */
interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  abort(): void;
  readonly status: number;
  upload: { onprogress: ((event: { loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
type XhrConstructor = new () => XhrLike;

const sizeOf = (body: UploadBody) => (body instanceof Uint8Array ? body.byteLength : body.size);

/**
 * Step 2 of an upload: PUT the bytes to the grant's URL with every header it lists (the storage
 * checks them against the signature). XMLHttpRequest where there is one, for progress; fetch
 * otherwise. The browser adds Content-Length itself.
 */
export async function putUpload(grant: UploadGrant['upload'], body: UploadBody, options: UploadOptions = {}, fetcher?: FetchLike): Promise<void> {
  const total = sizeOf(body);
  const Xhr = (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
  if (Xhr && !fetcher) return xhrPut(Xhr, grant, body, total, options);
  const f = fetcher ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  let res: Response;
  try {
    res = await f(grant.url, { method: grant.method, headers: grant.headers, body: body as RequestInit['body'], signal: options.signal });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw ApiError.network(cause);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, 'upload_failed', `upload answered ${res.status}`);
  options.onProgress?.(total, total);
}

function xhrPut(Xhr: XhrConstructor, grant: UploadGrant['upload'], body: UploadBody, total: number, options: UploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open(grant.method, grant.url);
    for (const [name, value] of Object.entries(grant.headers)) if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.total || total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(total, total);
        resolve();
      } else reject(new ApiError(xhr.status, 'upload_failed', `upload answered ${xhr.status}`));
    };
    xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload aborted'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
