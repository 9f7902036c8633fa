/** How often and how late a failed job is tried again. */
export interface RetryPolicy {
  /** Total runs a job gets, the first included; the run after the last one is a dead letter. */
  maxAttempts: number;
  /** Wait before retry n (1-based) is `delaysMs[n - 1]`; the last entry repeats. */
  delaysMs: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, delaysMs: [1_000, 5_000, 30_000, 120_000] };

/**
 * What to do after run `attempt` (0-based, the job's `attempt` field) failed: wait `delayMs` and
 * run again as `attempt + 1`, or give up (`undefined`) once `maxAttempts` runs have been spent.
 */
export function nextRetry(attempt: number, policy: RetryPolicy): { delayMs: number } | undefined {
  if (attempt + 1 >= policy.maxAttempts || policy.delaysMs.length === 0) return undefined;
  return { delayMs: policy.delaysMs[Math.min(attempt, policy.delaysMs.length - 1)]! };
}

/** The distinct back-off delays a policy can ask for (one delayed retry queue each). */
export function retryDelays(policy: RetryPolicy): number[] {
  const used = Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, attempt) => nextRetry(attempt, policy)?.delayMs);
  return [...new Set(used.filter((d): d is number => d !== undefined))];
}
