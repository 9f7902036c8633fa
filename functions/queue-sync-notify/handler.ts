import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import type { NotifyDeps } from '@chat/core/use-cases/notify/notify-deps';
import { notifySync } from '@chat/core/use-cases/notify/sync-notify';
import { notify } from '@chat/core/wiring/notify';

/** Silent sync pushes to the offline phones of a conversation's members, at most one per user per interval. */
export const syncWorker = (job: Job<'sync'>, deps: { notify: NotifyDeps }) => notifySync(deps.notify, job);

export const handler = queueFunction('sync', async (job, { use }) => syncWorker(job, { notify: await use(notify) }));
