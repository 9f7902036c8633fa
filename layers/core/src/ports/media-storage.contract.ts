import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import type { MediaStorage, UploadGrant } from './media-storage.js';

export interface MediaStorageHarness {
  storage: MediaStorage;
  /** Moves the clock of whatever checks the signatures (server or stand-in) forward. */
  advanceClock(seconds: number): void;
  close(): Promise<void>;
}

const upload = (grant: UploadGrant, body: Uint8Array, headers: Record<string, string> = grant.headers) =>
  fetch(grant.url, { method: grant.method, headers, body });

const pendingKey = () => `pending/${randomUUID()}`;
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(300)]);

/**
 * The behaviour every MediaStorage adapter must show, driven the way a client drives it: over
 * HTTP with fetch, sending exactly the granted method, URL and headers.
 */
export function describeMediaStorageContract(name: string, open: () => Promise<MediaStorageHarness>): void {
  describe(`MediaStorage contract: ${name}`, () => {
    let harness: MediaStorageHarness;
    let storage: MediaStorage;

    beforeAll(async () => {
      harness = await open();
      storage = harness.storage;
    });
    afterAll(async () => harness?.close());

    const grantFor = (key: string, size = JPEG.length, contentType = 'image/jpeg') => storage.grantUpload({ key, contentType, size, expiresInSeconds: 600 });

    it('runs the client flow: grant, upload, inspect, copy, signed GET, delete', async () => {
      const key = pendingKey();
      const before = Date.now();
      const grant = await grantFor(key);
      expect(grant.method).toBe('PUT');
      expect(grant.headers['Content-Type']).toBe('image/jpeg');
      expect(grant.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 599_000);
      expect((await upload(grant, JPEG)).status).toBe(200);

      const stored = await storage.inspect(key, 4);
      expect(stored).toEqual({ size: JPEG.length, contentType: 'image/jpeg', firstBytes: JPEG.subarray(0, 4) });
      expect((await storage.inspect(key, 10_000))?.firstBytes).toEqual(JPEG);

      const finalKey = `media/c1/${randomUUID()}`;
      const disposition = `attachment; filename="a b.jpg"; filename*=UTF-8''a%20b%C3%A9.jpg`;
      await storage.copy({ from: key, to: finalKey, contentType: 'image/jpeg', contentDisposition: disposition });
      await storage.delete(key);
      expect(await storage.inspect(key, 4)).toBeUndefined();

      const download = await storage.grantDownload({ key: finalKey, expiresInSeconds: 300, contentType: 'image/jpeg', contentDisposition: disposition });
      expect(download.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 299_000);
      const res = await fetch(download.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('content-disposition')).toBe(disposition);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(JPEG);

      await storage.delete(finalKey);
      await storage.delete(finalKey);
      expect(await storage.inspect(finalKey, 4)).toBeUndefined();
      expect((await fetch(download.url)).status).toBe(404);
    });

    it('refuses a tampered upload URL with 403', async () => {
      const grant = await grantFor(pendingKey());
      const otherKey = grant.url.replace(/pending\/[^?]+/, `pending/${randomUUID()}`);
      expect((await fetch(otherKey, { method: 'PUT', headers: grant.headers, body: JPEG })).status).toBe(403);
      const url = new URL(grant.url);
      const [sigName, sig] = [...url.searchParams].find(([k]) => /signature|sig/i.test(k) && !/version/i.test(k))!;
      url.searchParams.set(sigName, (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
      expect((await fetch(url, { method: 'PUT', headers: grant.headers, body: JPEG })).status).toBe(403);
      expect((await fetch(grant.url, { method: 'POST', headers: grant.headers, body: JPEG })).status).toBe(403);
    });

    it('refuses another Content-Type than the granted one with 403', async () => {
      const key = pendingKey();
      const grant = await grantFor(key);
      expect((await upload(grant, JPEG, { ...grant.headers, 'Content-Type': 'text/html' })).status).toBe(403);
      expect(await storage.inspect(key, 4)).toBeUndefined();
    });

    it('refuses more or fewer bytes than granted with 403', async () => {
      const key = pendingKey();
      const grant = await grantFor(key);
      expect((await upload(grant, Uint8Array.from([...JPEG, 0]))).status).toBe(403);
      expect((await upload(grant, JPEG.subarray(1))).status).toBe(403);
      expect(await storage.inspect(key, 4)).toBeUndefined();
    });

    it('refuses to overwrite an uploaded object', async () => {
      const key = pendingKey();
      const grant = await grantFor(key);
      expect((await upload(grant, JPEG)).status).toBe(200);
      const swapped = Uint8Array.from(JPEG).fill(1, 4);
      expect((await upload(grant, swapped)).status).toBe(409);
      expect((await storage.inspect(key, 10_000))?.firstBytes).toEqual(JPEG);
      await storage.delete(key);
    });

    it('refuses an expired upload or download grant with 403', async () => {
      const key = pendingKey();
      const grant = await storage.grantUpload({ key, contentType: 'application/pdf', size: 5, expiresInSeconds: 60 });
      const finalKey = `media/c2/${randomUUID()}`;
      const early = await grantFor(finalKey, 3, 'text/plain');
      expect((await upload(early, Uint8Array.from([1, 2, 3]))).status).toBe(200);
      const download = await storage.grantDownload({ key: finalKey, expiresInSeconds: 60, contentType: 'text/plain', contentDisposition: 'attachment' });
      harness.advanceClock(120);
      expect((await upload(grant, new TextEncoder().encode('%PDF-'))).status).toBe(403);
      expect(await storage.inspect(key, 4)).toBeUndefined();
      expect((await fetch(download.url)).status).toBe(403);
      await storage.delete(finalKey);
    });

    it('reads whole objects, and puts server-side objects that replace and are served with their headers', async () => {
      const key = pendingKey();
      expect((await upload(await grantFor(key), JPEG)).status).toBe(200);
      expect(await storage.read(key)).toEqual(JPEG);
      await storage.delete(key);

      const thumb = `thumbs/c3/${randomUUID()}`;
      const first = new TextEncoder().encode('RIFF-first');
      await storage.put({ key: thumb, body: first, contentType: 'image/webp', contentDisposition: 'inline' });
      expect(await storage.read(thumb)).toEqual(first);
      const second = Uint8Array.from(JPEG.subarray(0, 100));
      await storage.put({ key: thumb, body: second, contentType: 'image/webp', contentDisposition: 'inline; filename="t.webp"' });
      expect(await storage.inspect(thumb, 4)).toEqual({ size: 100, contentType: 'image/webp', firstBytes: second.subarray(0, 4) });
      // Long enough to outlast the clock moved forward by the expiry test above.
      const download = await storage.grantDownload({ key: thumb, expiresInSeconds: 600, contentType: 'image/webp', contentDisposition: 'inline' });
      const res = await fetch(download.url);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(second);
      await storage.delete(thumb);
      expect(await storage.read(thumb)).toBeUndefined();
      await expect(storage.put({ key: '../x', body: first, contentType: 'image/webp', contentDisposition: 'inline' })).rejects.toThrow(TypeError);
    });

    it('reports a missing object as undefined and deletes it without error', async () => {
      expect(await storage.inspect(pendingKey(), 4)).toBeUndefined();
      expect(await storage.read(pendingKey())).toBeUndefined();
      await expect(storage.delete(pendingKey())).resolves.toBeUndefined();
    });

    it('refuses keys outside the media layout', async () => {
      for (const key of ['../etc/passwd', 'pending/../x', '/abs', 'a b', 'pending/']) {
        await expect(storage.grantUpload({ key, contentType: 'image/png', size: 1, expiresInSeconds: 60 })).rejects.toThrow(TypeError);
      }
    });
  });
}
