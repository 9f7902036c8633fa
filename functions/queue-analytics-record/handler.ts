import type { Deps } from '@chat/core/composition';
import type { Job } from '@chat/core/domain/jobs/job';
import { queueFunction } from '@chat/core/runtime/queue-function';
import { recordAnalytics } from '@chat/core/use-cases/analytics/record';

/** Message volume per conversation and day, and call statistics. */
export const analyticsWorker = (job: Job<'analytics'>, deps: Deps) => recordAnalytics(deps, job);

export const handler = queueFunction('analytics', analyticsWorker);
