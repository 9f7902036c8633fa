import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import type { NotifyDeps } from '@chat/core/use-cases/notify/notify-deps';
import { pushMessage } from '@chat/core/use-cases/notify/push-message';
import { notify } from '@chat/core/wiring/notify';

/** Push notifications for a new message to members who are not connected (FCM, or the file sink locally). */
export const pushWorker = (job: Job<'push'>, deps: { notify: NotifyDeps }) => pushMessage(deps.notify, job);

export const handler = queueFunction('push', async (job, { use }) => pushWorker(job, { notify: await use(notify) }));
