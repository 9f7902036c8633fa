import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeMediaStorageContract } from '../../ports/media-storage.contract.js';
import { LocalFsMediaStorage } from './media-storage.js';

describeMediaStorageContract('local files behind the signed-URL handler', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'media-'));
  let offsetMs = 0;
  const handler: { storage?: LocalFsMediaStorage } = {};
  const server = createServer((req, res) => void handler.storage!.handleRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const storage = new LocalFsMediaStorage({ dir, baseUrl: `http://127.0.0.1:${port}/media-files`, secret: 'x'.repeat(32), now: () => Date.now() + offsetMs });
  handler.storage = storage;
  return {
    storage,
    advanceClock: (seconds) => (offsetMs += seconds * 1000),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
});
