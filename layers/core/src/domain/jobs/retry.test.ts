import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetry, retryDelays } from './retry.js';

describe('nextRetry', () => {
  it('backs off 1 s, 5 s, 30 s, 2 min and gives up after the fifth run by default', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => nextRetry(attempt, DEFAULT_RETRY_POLICY))).toEqual([
      { delayMs: 1_000 },
      { delayMs: 5_000 },
      { delayMs: 30_000 },
      { delayMs: 120_000 },
      undefined,
    ]);
  });

  it('repeats the last delay when there are more attempts than delays', () => {
    const policy = { maxAttempts: 4, delaysMs: [10] };
    expect([0, 1, 2, 3].map((a) => nextRetry(a, policy)?.delayMs)).toEqual([10, 10, 10, undefined]);
    expect(retryDelays(policy)).toEqual([10]);
  });

  it('never retries with one attempt or no delays', () => {
    expect(nextRetry(0, { maxAttempts: 1, delaysMs: [10] })).toBeUndefined();
    expect(nextRetry(0, { maxAttempts: 5, delaysMs: [] })).toBeUndefined();
    expect(retryDelays({ maxAttempts: 1, delaysMs: [10] })).toEqual([]);
  });

  it('lists only the delays a policy can reach', () => {
    expect(retryDelays({ maxAttempts: 3, delaysMs: [1, 2, 3, 4] })).toEqual([1, 2]);
    expect(retryDelays(DEFAULT_RETRY_POLICY)).toEqual([1_000, 5_000, 30_000, 120_000]);
  });
});
