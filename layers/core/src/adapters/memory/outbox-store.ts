import type { OutboxJob } from '../../domain/jobs/job.js';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox-store.js';

/** OutboxStore in process memory, filled by the MemoryMessageStore it is handed to. */
export class MemoryOutboxStore implements OutboxStore {
  /** Job id → entry; a Map iterates in insertion order, which is oldest first. */
  private readonly entries = new Map<string, OutboxEntry>();

  /** Stores jobs; synchronous so the message store can add them in the same step as the message. */
  add(source: string, jobs: readonly OutboxJob[]): OutboxEntry[] {
    const added = jobs.map((job) => ({ source, job: structuredClone(job) }));
    for (const entry of added) this.entries.set(entry.job.id, entry);
    return structuredClone(added);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    return structuredClone([...this.entries.values()].slice(0, Math.max(0, Math.floor(limit))));
  }

  async markRelayed(entries: readonly OutboxEntry[]): Promise<void> {
    for (const { job } of entries) this.entries.delete(job.id);
  }
}
