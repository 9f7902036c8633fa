import type { Job } from '../../domain/jobs/job.js';
import type { AnalyticsStore } from '../../ports/analytics-store.js';

/**
 * The analytics worker: message volume per conversation and day, and call statistics. Both writes
 * are idempotent on their own (message id, call id), on top of the job ledger.
 */
export async function recordAnalytics(d: { analytics: AnalyticsStore }, job: Job<'analytics'>): Promise<void> {
  const payload = job.payload;
  if (payload.kind === 'message') await d.analytics.countMessage(payload.message);
  else await d.analytics.recordCall(payload.call);
}
