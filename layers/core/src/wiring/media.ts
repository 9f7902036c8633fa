import { signTypeAUrl, typeATimestampFor } from '../adapters/cdn/type-a-url.js';
import { cryptoIds, systemClock } from '../adapters/node-crypto/system.js';
import type { Config } from '../config/env.js';
import type { MediaStorage } from '../ports/media-storage.js';
import { rootLogger } from '../runtime/logger.js';
import type { MediaCleanupDeps } from '../use-cases/media/cleanup-media.js';
import type { DownloadSigner, MediaDeps } from '../use-cases/media/media-deps.js';
import { notConfigured } from './embedded-only.js';
import { jobQueue } from './jobs.js';
import { keyValue } from './key-value.js';
import { conversationStore, mediaStore } from './stores.js';
import { feature } from './wiring.js';

/** OSS in the cloud; the local cloud provides files under `$DATA_DIR/media` (wiring/embedded.ts). */
export const mediaStorage = feature<MediaStorage>('media-storage', async ({ config }) => {
  if (!config.media.oss) throw notConfigured('OSS_BUCKET', 'media storage');
  const { OssMediaStorage } = await import('../adapters/oss/media-storage.js');
  return new OssMediaStorage(config.media.oss);
});

/** CDN type-A URLs for the objects' paths (keys hold only URL-safe characters: see mediaKeys). */
export function cdnSigner(cdn: NonNullable<Config['media']['cdn']>): DownloadSigner {
  return {
    url: ({ key, expiresAt }) =>
      signTypeAUrl({ domain: cdn.domain, path: `/${key}`, key: cdn.authKey, timestamp: typeATimestampFor(expiresAt, cdn.validitySeconds) }),
  };
}

/** The media use cases' dependencies. */
export const media = feature<MediaDeps>('media', async ({ use, config }) => {
  const [store, storage, conversations, kv] = await Promise.all([use(mediaStore), use(mediaStorage), use(conversationStore), use(keyValue)]);
  const { maxBytes, grantsPerHour, uploadTtlSeconds, downloadTtlSeconds, cdn } = config.media;
  return {
    media: store,
    storage,
    conversations,
    kv,
    cdn: cdn ? cdnSigner(cdn) : undefined,
    limits: { maxBytes, grantsPerHour, uploadTtlSeconds, downloadTtlSeconds },
    queueProcessing: async (mediaId) => {
      const id = cryptoIds.id();
      await (await use(jobQueue)).publish([{ id, type: 'media', payload: { mediaId }, createdAt: systemClock.now().toISOString(), attempt: 0 }]);
    },
    clock: systemClock,
    ids: cryptoIds,
    log: rootLogger(),
  };
});

/** The cleanup timer's dependencies (timer-media-cleanup); re-queues with the media slice's job publisher. */
export const mediaCleanup = feature<MediaCleanupDeps>('media-cleanup', async ({ use }) => {
  const m = await use(media);
  return { media: m.media, storage: m.storage, queueProcessing: m.queueProcessing, clock: systemClock };
});
