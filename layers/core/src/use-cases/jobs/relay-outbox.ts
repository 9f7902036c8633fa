import type { JobQueue } from '../../ports/job-queue.js';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox-store.js';

export interface RelayDeps {
  jobs: JobQueue;
  outbox: OutboxStore;
  /** Wait before marking published jobs a second time after the first mark failed. Default 500 ms. */
  markRetryMs?: number;
}

export interface SweepOptions {
  /** Jobs read and published per round trip. */
  batchSize?: number;
  /** Rounds per call, so one call fits in a function's timeout; the next call continues. */
  maxBatches?: number;
}

/**
 * Publishes jobs, then takes them out of the outbox. In this order a crash in between publishes
 * them again on the next sweep (a duplicate, which workers skip by job id); the other order could
 * lose them. A mark that fails once (a store busy for a moment: FerretDB's single SQLite writer
 * answers "database is locked") is tried once more after a pause, since the jobs are out already
 * and leaving them means every worker gets them twice; marking is idempotent.
 */
export async function relayJobs(deps: RelayDeps, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await deps.jobs.publish(entries.map((e) => e.job));
  await deps.outbox.markRelayed(entries).catch(async () => {
    await new Promise((resolve) => setTimeout(resolve, deps.markRetryMs ?? 500));
    await deps.outbox.markRelayed(entries);
  });
}

/**
 * Relays what the outbox still holds: jobs whose send could not reach the broker, or whose
 * process died before relaying. Run by the `timer-outbox-relay` function. A failure stops the
 * sweep and is thrown; what was not relayed stays for the next run.
 */
export async function relayOutbox(deps: RelayDeps, options: SweepOptions = {}): Promise<{ relayed: number; more: boolean }> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  let relayed = 0;
  for (let round = 0; round < maxBatches; round++) {
    const entries = await deps.outbox.pending(batchSize);
    await relayJobs(deps, entries);
    relayed += entries.length;
    if (entries.length < batchSize) return { relayed, more: false };
  }
  return { relayed, more: true };
}
