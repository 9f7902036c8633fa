/**
 * Where media bytes live (OSS in the cloud, local files under `npm start`). Clients upload and
 * download directly with the URLs granted here; functions never carry file bodies.
 *
 * Invariants every adapter keeps:
 * - A grant is usable only for its key, method, Content-Type and exact byte count, until `expiresAt`;
 *   anything else (a tampered URL, another type or length, a late request) is refused with 403.
 * - An upload never replaces an existing object (409), so bytes verified once cannot be swapped.
 * - Keys are built by `mediaKeys` (server ids only); adapters refuse keys with `..` or odd characters.
 * - `delete` is idempotent; `inspect` and `read` of a missing object are `undefined`, never an error.
 * - `put` is the server's own write (the media processor's rewritten original and thumbnail): it
 *   replaces an existing object, unlike a client upload, so a retried job converges.
 */
export interface MediaStorage {
  grantUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<UploadGrant>;
  /** Size and type of a stored object and up to `firstBytes` of its content (for sniffing). */
  inspect(key: string, firstBytes: number): Promise<StoredObject | undefined>;
  /** A GET URL that serves the object with these response headers until `expiresAt`. */
  grantDownload(input: { key: string; expiresInSeconds: number; contentType: string; contentDisposition: string }): Promise<DownloadGrant>;
  /** Copies within the store, setting the copy's Content-Type and Content-Disposition. */
  copy(input: { from: string; to: string; contentType: string; contentDisposition: string }): Promise<void>;
  /** The whole object (the media processor reads originals of at most the upload limit). */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Writes (or replaces) an object with its Content-Type and Content-Disposition. */
  put(input: { key: string; body: Uint8Array; contentType: string; contentDisposition: string }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Send exactly this: the method, the URL unchanged, and every header listed (a browser's fetch sets Content-Length itself). */
export interface UploadGrant {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface DownloadGrant {
  url: string;
  expiresAt: Date;
}

export interface StoredObject {
  size: number;
  contentType: string;
  firstBytes: Uint8Array;
}

/** Keys as `mediaKeys` builds them; anything else is a bug or an attack. */
export function assertStorageKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new TypeError(`Not a media object key: ${JSON.stringify(key)}`);
  }
  return key;
}
