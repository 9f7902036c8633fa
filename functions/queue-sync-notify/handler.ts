import type { Deps } from '@chat/core/composition';
import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import { notifySync } from '@chat/core/use-cases/notify/sync-notify';

/** Silent sync pushes to the offline phones of a conversation's members, at most one per user per interval. */
export const syncWorker = (job: Job<'sync'>, deps: Deps) => notifySync(deps.notify, job);

export const handler = queueFunction('sync', syncWorker);
