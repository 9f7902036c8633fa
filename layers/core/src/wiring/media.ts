import type { MediaStorage } from '../ports/media-storage.js';
import { notConfigured } from './embedded-only.js';
import { feature } from './wiring.js';

/**
 * OSS with OSS_REGION/OSS_BUCKET set; the local cloud provides local files (wiring/embedded.ts).
 * ali-oss is loaded on the first use, so functions that never touch media never pay for it.
 */
export const mediaStorage = feature<MediaStorage>('media storage', async ({ config }) => {
  if (!config.media.oss) throw notConfigured('OSS_BUCKET', 'media storage');
  const { OssMediaStorage } = await import('../adapters/oss/media-storage.js');
  // config.media.oss has exactly the adapter's option fields (the FC role's STS keys included).
  return new OssMediaStorage(config.media.oss);
});
