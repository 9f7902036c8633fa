import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import { processMedia, type MediaProcessingDeps } from '@chat/core/use-cases/media/process-media';
import { mediaProcessing } from '@chat/core/wiring/media-processing';

/** Strips an uploaded image's metadata, writes its thumbnail, and tells the conversation it can be fetched. */
export const mediaWorker = (job: Job<'media'>, deps: { mediaProcessing: MediaProcessingDeps }) => processMedia(deps.mediaProcessing, job.payload.mediaId);

export const handler = queueFunction('media', async (job, { use, log }) => {
  const outcome = await mediaWorker(job, { mediaProcessing: await use(mediaProcessing) });
  log.info({ mediaId: job.payload.mediaId, outcome }, 'media job done');
});
