import type { Job } from '@chat/core/domain/jobs/job';
import type { AnalyticsStore } from '@chat/core/ports/analytics-store';
import { queueFunction } from '@chat/core/runtime/queue-function';
import { recordAnalytics } from '@chat/core/use-cases/analytics/record';
import { analytics } from '@chat/core/wiring/notify';

/** Message volume per conversation and day, and call statistics. */
export const analyticsWorker = (job: Job<'analytics'>, deps: { analytics: AnalyticsStore }) => recordAnalytics(deps, job);

export const handler = queueFunction('analytics', async (job, { use }) => analyticsWorker(job, { analytics: await use(analytics) }));
