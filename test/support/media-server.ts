import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LocalFsMediaStorage } from '@chat/core/adapters/local-fs/media-storage';
import { mediaStorage } from '@chat/core/wiring/media';
import type { Deps } from './deps.js';

/**
 * Serves the embedded media store's signed URLs, as the local cloud does at `/media-files/`, for
 * handler tests: pass `env()` to `useChat` so its wiring puts the files here and signs URLs to it.
 */
export function useMediaServer(deps: () => Deps) {
  let server: Server | undefined;
  const state = { env: {} as Record<string, string>, dataDir: '' };
  beforeAll(async () => {
    state.dataDir = await mkdtemp(path.join(tmpdir(), 'media-handlers-'));
    server = createServer((req, res) => {
      void deps()
        .wiring.use(mediaStorage)
        .then((storage) => (storage as LocalFsMediaStorage).handleRequest(req, res));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    state.env = { PUBLIC_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, DATA_DIR: state.dataDir };
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(state.dataDir, { recursive: true, force: true });
  });
  return { env: () => state.env };
}

/** Sends exactly what a grant says: its method, URL and headers, with `bytes` as the body. */
export function upload(grant: { method: string; url: string; headers: Record<string, string> }, bytes: Uint8Array): Promise<Response> {
  return fetch(grant.url, { method: grant.method, headers: grant.headers, body: bytes });
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The smallest file `file-type` recognises as a PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
