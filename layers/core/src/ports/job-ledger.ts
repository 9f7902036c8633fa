import type { Job } from '../domain/jobs/job.js';

/**
 * - `claimed`: run the job now; the caller holds a lease and must `complete` or `release` it.
 * - `done`: a duplicate of a job that already ran to completion; skip it.
 * - `busy`: another worker holds a live lease on it; try again later.
 */
export type ClaimResult = 'claimed' | 'done' | 'busy';

/**
 * The durable record of which jobs ran, so at-least-once delivery has exactly-once effects.
 * Adapters: SQL (`job_runs`, migration 0004) and memory; both pass `job-ledger.contract.ts`.
 *
 * Invariants: at any moment at most one caller holds a job's lease (concurrent claims of one id
 * give exactly one `claimed`); once `complete` is called every later claim answers `done`; a lease
 * that expired (its holder died) can be claimed again. The lease must outlast one run of the job,
 * or a slow run and a redelivery could overlap.
 */
export interface JobLedger {
  claim(job: Pick<Job, 'id' | 'type'>, leaseMs: number): Promise<ClaimResult>;
  complete(jobId: string): Promise<void>;
  /** Gives up a lease after a failed run, so the retry can claim the job at once. */
  release(jobId: string): Promise<void>;
  /** Forgets jobs completed before `before` (duplicates older than that are no longer expected). */
  forget(before: Date): Promise<number>;
}
