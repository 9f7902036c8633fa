import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { LocalFsMediaStorage } from '@chat/core/adapters/local-fs/media-storage';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { openTestPglite } from '../../test/support/pglite.js';
import { loadConfig } from '@chat/core/config/env';
import { mediaKeys, type Media } from '@chat/core/domain/media/media';
import type { MediaStore } from '@chat/core/ports/media-store';
import { cleanupMedia } from '@chat/core/use-cases/media/cleanup-media';
import { mediaStore } from '@chat/core/wiring/stores';
import { createDeps, provideDeps, type Deps } from '../../test/support/deps.js';
import { openGroup } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { readyImage } from '../../test/support/media.js';
import { registerUsers } from '../../test/support/notify.js';
import type { TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

const tick = () => handler(Buffer.from(JSON.stringify({ triggerTime: new Date().toISOString(), triggerName: 'every-hour', payload: '' })), fcContext());
const HOUR = 3_600_000;
const BYTES = Buffer.from('stand-in bytes: the cleanup never decodes them');

describe('timer-media-cleanup', () => {
  let dir: string;
  let deps: Deps;
  let store: MediaStore;
  let storage: LocalFsMediaStorage;
  let alice: TestUser;
  let conversationId: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'media-cleanup-'));
    storage = new LocalFsMediaStorage({ dir, baseUrl: 'http://127.0.0.1:1/media-files', secret: 'x'.repeat(32) });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { devSigningKeys: [await generateSigningKey()] });
    deps = await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: new MemoryKeyValueStore(), mediaStorage: storage });
    provideDeps(deps);
    store = await deps.wiring.use(mediaStore);
    [alice] = await registerUsers('mca');
    conversationId = await openGroup(alice, []);
  });
  afterAll(async () => {
    await deps?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const put = (key: string) => storage.put({ key, body: BYTES, contentType: 'image/jpeg', contentDisposition: 'inline' });
  const exists = async (key: string) => (await storage.read(key)) !== undefined;
  const pendingUpload = async (ageMs: number): Promise<Media> => {
    const at = new Date(Date.now() - ageMs);
    const image = await readyImage(store, storage, { ownerId: alice.id, conversationId, bytes: BYTES, at });
    // readyImage verifies it; a pending one is the same row before that, with bytes under pending/.
    await store.remove(image.id);
    await storage.delete(image.objectKey);
    const pending: Media = { ...image, state: 'pending', contentType: null, size: null, objectKey: mediaKeys.pending(image.id) };
    await store.create(pending);
    await put(pending.objectKey);
    return pending;
  };
  const processedImage = async (): Promise<Media> => {
    const image = await readyImage(store, storage, { ownerId: alice.id, conversationId, bytes: BYTES });
    const thumbnailKey = mediaKeys.thumbnail(conversationId, image.id);
    await put(thumbnailKey);
    return (await store.markProcessed(image.id, { width: 1, height: 1, durationMs: null, thumbnailKey }, new Date()))!;
  };

  it('removes abandoned uploads and the objects and rows of deleted media, and leaves live ones', async () => {
    const abandoned = await pendingUpload(25 * HOUR);
    const inFlight = await pendingUpload(HOUR);
    const deleted = await processedImage();
    const ref = { conversationId, senderId: alice.id, clientMsgId: 'deleted-message' };
    await store.attach(ref, [deleted.id], new Date());
    await store.detachMessage(ref, new Date());
    const live = await processedImage();

    expect(await tick()).toMatchObject({ removed: 2, more: false });

    expect(await store.get(abandoned.id)).toBeNull();
    expect(await exists(abandoned.objectKey)).toBe(false);
    expect(await store.get(deleted.id)).toBeNull();
    expect(await exists(deleted.objectKey)).toBe(false);
    expect(await exists(deleted.thumbnailKey!)).toBe(false);

    expect(await store.get(inFlight.id)).toMatchObject({ state: 'pending' });
    expect(await exists(inFlight.objectKey)).toBe(true);
    expect(await store.get(live.id)).toMatchObject({ state: 'ready' });
    expect(await exists(live.objectKey)).toBe(true);
    expect(await exists(live.thumbnailKey!)).toBe(true);
    expect(await tick()).toMatchObject({ removed: 0 });
  });

  it('queues processing again for images whose job was lost, not for fresh or processed ones', async () => {
    const lost = await readyImage(store, storage, { ownerId: alice.id, conversationId, bytes: BYTES, at: new Date(Date.now() - 11 * 60_000) });
    const fresh = await readyImage(store, storage, { ownerId: alice.id, conversationId, bytes: BYTES });
    const queued: string[] = [];
    const result = await cleanupMedia({ media: store, storage, clock: { now: () => new Date() }, queueProcessing: async (id) => void queued.push(id) });
    expect(result).toMatchObject({ requeued: 1 });
    expect(queued).toEqual([lost.id]);
    expect(queued).not.toContain(fresh.id);
  });
});
