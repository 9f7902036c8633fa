import { systemClock } from '../adapters/node-crypto/system.js';
import type { ImageProcessor } from '../ports/image-processor.js';
import { rootLogger } from '../runtime/logger.js';
import type { MediaProcessingDeps } from '../use-cases/media/process-media.js';
import { mediaStorage } from './media.js';
import { realtimeBus } from './realtime.js';
import { conversationStore, mediaStore } from './stores.js';
import { feature } from './wiring.js';

// Apart from wiring/media.ts on purpose: sharp is a native module kept out of the bundles, and a
// bundle that reaches this file (even through the lazy import) imports it, so ships its binaries
// (scripts/build/native.ts). Only queue-media-process imports this file.
export const imageProcessor = feature<ImageProcessor>('image-processor', async () => {
  const { SharpImageProcessor } = await import('../adapters/sharp/image-processor.js');
  return new SharpImageProcessor();
});

/** The media processor's dependencies (queue-media-process). */
export const mediaProcessing = feature<MediaProcessingDeps>('media-processing', async ({ use }) => {
  const [store, storage, images, conversations, bus] = await Promise.all([
    use(mediaStore),
    use(mediaStorage),
    use(imageProcessor),
    use(conversationStore),
    use(realtimeBus),
  ]);
  const log = rootLogger();
  return {
    media: store,
    storage,
    images,
    conversations,
    // As the chat functions do: a lost event is repaired by the client's next GET, not by a retry.
    publish: (channel, event) =>
      bus.publish(channel, event).catch((err: unknown) => log.warn({ err, channel, type: event.type }, 'publish failed; clients see it on their next GET')),
    clock: systemClock,
    log,
  };
});
