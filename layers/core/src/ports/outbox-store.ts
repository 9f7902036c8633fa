import type { OutboxJob } from '../domain/jobs/job.js';

/** A job (or a new message's fan-out event) waiting in the outbox, with where it is kept. */
export interface OutboxEntry {
  /** The message the job was stored with (`conversationId:seq`); adapters find the job by it. */
  source: string;
  job: OutboxJob;
}

/**
 * Jobs written in the same step as the change that caused them (`MessageStore.append`), waiting
 * to be relayed to the JobQueue. Implemented next to each message store, on the same data, and
 * checked by `outbox-store.contract.ts` through the message store contract.
 *
 * Invariants: a job is pending from the moment its message exists (never before, and never for an
 * idempotent repeat of the append) until `markRelayed` names it; nothing else removes it. Two
 * relays may read the same entries; marking one twice is harmless.
 */
export interface OutboxStore {
  /** Up to `limit` pending jobs, oldest first. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Call only after the JobQueue confirmed the jobs. */
  markRelayed(entries: readonly OutboxEntry[]): Promise<void>;
}

/** The `source` of jobs stored with the message at `seq`. */
export const outboxSource = (conversationId: string, seq: number) => `${conversationId}:${seq}`;
