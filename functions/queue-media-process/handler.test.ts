import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { LocalFsMediaStorage } from '@chat/core/adapters/local-fs/media-storage';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { openTestPglite } from '../../test/support/pglite.js';
import { loadConfig } from '@chat/core/config/env';
import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { mediaKeys } from '@chat/core/domain/media/media';
import { conversationChannel } from '@chat/core/ports/realtime-bus';
import type { MediaProcessingDeps } from '@chat/core/use-cases/media/process-media';
import { mediaProcessing } from '@chat/core/wiring/media-processing';
import { createDeps, provideDeps, type Deps } from '../../test/support/deps.js';
import { as, openGroup } from '../../test/support/chat.js';
import { exifTags, phonePhoto, readyImage } from '../../test/support/media.js';
import { aJob, rabbitEvent, registerUsers } from '../../test/support/notify.js';
import { fcContext } from '../../test/support/fc-http.js';
import type { TestUser } from '../../test/support/users.js';
import { handler as getMedia } from '../http-media-get/handler.js';
import { handler, mediaWorker } from './handler.js';

describe('queue-media-process', () => {
  let dir: string;
  let deps: Deps;
  let processing: MediaProcessingDeps;
  let storage: LocalFsMediaStorage;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  const events: RealtimeEvent[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'media-process-'));
    storage = new LocalFsMediaStorage({ dir, baseUrl: 'http://127.0.0.1:1/media-files', secret: 'x'.repeat(32) });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { devSigningKeys: [await generateSigningKey()] });
    deps = await createDeps(config, { migrate: true, sql: await openTestPglite(), kv: new MemoryKeyValueStore(), mediaStorage: storage });
    provideDeps(deps);
    processing = await deps.wiring.use(mediaProcessing);
    [alice, bob] = await registerUsers('mpa', 'mpb');
    conversationId = await openGroup(alice, [bob]);
    await deps.bus.subscribe(conversationChannel(conversationId), (e) => events.push(e));
  });
  afterAll(async () => {
    await deps?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (bytes: Buffer) => readyImage(processing.media, storage, { ownerId: alice.id, conversationId, bytes });

  it('rewrites the original without EXIF (GPS, serial), orientation applied, writes a 480 px WebP thumbnail, and announces it', async () => {
    const photo = await phonePhoto();
    const before = await sharp(photo).metadata();
    expect(exifTags(before.exif!)).toMatchObject({ gps: expect.arrayContaining([1, 2, 3, 4]), exif: expect.arrayContaining([0xa431]) });
    expect(before.orientation).toBe(6);
    const media = await upload(photo);
    expect((await as(bob).call(getMedia, 'GET', `/v1/media/${media.id}`)).json).toMatchObject({ media: { status: 'processing' } });

    expect(await mediaWorker(aJob('media', { mediaId: media.id }), { mediaProcessing: processing })).toBe('processed');

    const original = Buffer.from((await storage.read(media.objectKey))!);
    const after = await sharp(original).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 800, height: 1200 });
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    for (const secret of ['SN-0042-7777', 'AcmeCam', 'Exif']) expect(original.includes(secret)).toBe(false);
    expect((await storage.inspect(media.objectKey, 4))?.contentType).toBe('image/jpeg');

    const thumbnailKey = mediaKeys.thumbnail(conversationId, media.id);
    const thumb = await sharp(Buffer.from((await storage.read(thumbnailKey))!)).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: 320, height: 480 });
    expect(thumb.exif).toBeUndefined();
    expect((await storage.inspect(thumbnailKey, 4))?.contentType).toBe('image/webp');

    const stored = await processing.media.get(media.id);
    expect(stored).toMatchObject({ width: 800, height: 1200, thumbnailKey, processedAt: expect.any(Date) });
    const update = events.find((e) => e.type === 'media.updated' && e.media.id === media.id);
    expect(update).toMatchObject({ media: { id: media.id, status: 'ready', width: 800, height: 1200 } });
    expect((update as { recipients: string[] }).recipients.sort()).toEqual([alice.id, bob.id].sort());

    const got = await as(bob).call(getMedia, 'GET', `/v1/media/${media.id}`);
    expect(got.json).toMatchObject({ media: { status: 'ready', width: 800, height: 1200 }, url: expect.any(String), thumbnailUrl: expect.any(String) });
  });

  it('is idempotent: a second run changes nothing and only repeats the event', async () => {
    const media = await upload(await phonePhoto());
    const job = aJob('media', { mediaId: media.id });
    expect(await mediaWorker(job, { mediaProcessing: processing })).toBe('processed');
    const first = { row: await processing.media.get(media.id), bytes: await storage.read(media.objectKey) };
    expect(await mediaWorker(job, { mediaProcessing: processing })).toBe('already-processed');
    expect(await processing.media.get(media.id)).toEqual(first.row);
    expect(await storage.read(media.objectKey)).toEqual(first.bytes);
    expect(events.filter((e) => e.type === 'media.updated' && e.media.id === media.id)).toHaveLength(2);
  });

  it('rejects an image that does not decode, deletes its bytes, and never serves it', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const media = await upload(broken);
    expect(await mediaWorker(aJob('media', { mediaId: media.id }), { mediaProcessing: processing })).toBe('rejected');
    expect(await processing.media.get(media.id)).toMatchObject({ state: 'rejected', processedAt: null });
    expect(await storage.read(media.objectKey)).toBeUndefined();
    expect(events.find((e) => e.type === 'media.updated' && e.media.id === media.id)).toMatchObject({ media: { status: 'rejected' } });
    expect((await as(alice).call(getMedia, 'GET', `/v1/media/${media.id}`)).status).toBe(404);
  });

  it('skips media that are gone or deleted with their message', async () => {
    expect(await mediaWorker(aJob('media', { mediaId: 'no-such-media' }), { mediaProcessing: processing })).toBe('skipped');
    const media = await upload(await phonePhoto());
    const ref = { conversationId, senderId: alice.id, clientMsgId: 'gone' };
    await processing.media.attach(ref, [media.id], new Date());
    await processing.media.detachMessage(ref, new Date());
    expect(await mediaWorker(aJob('media', { mediaId: media.id }), { mediaProcessing: processing })).toBe('skipped');
    expect(await storage.read(mediaKeys.thumbnail(conversationId, media.id))).toBeUndefined();
  });

  it('runs as the FC handler of a RabbitMQ trigger', async () => {
    const media = await upload(await phonePhoto());
    expect(await handler(rabbitEvent(aJob('media', { mediaId: media.id })), fcContext())).toMatchObject({ processed: 1 });
    expect((await processing.media.get(media.id))?.processedAt).toBeInstanceOf(Date);
  });
});
