import type { Deps } from '@chat/core/composition';
import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import { pushMessage } from '@chat/core/use-cases/notify/push-message';

/** Push notifications for a new message to members who are not connected (FCM, or the file sink locally). */
export const pushWorker = (job: Job<'push'>, deps: Deps) => pushMessage(deps.notify, job);

export const handler = queueFunction('push', pushWorker);
