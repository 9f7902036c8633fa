import { describe, expect, it } from 'vitest';
import { MemoryJobQueue, MemoryQueueHub } from '../../adapters/memory/job-queue.js';
import { MemoryOutboxStore } from '../../adapters/memory/outbox-store.js';
import type { OutboxJob } from '../../domain/jobs/job.js';
import type { OutboxStore } from '../../ports/outbox-store.js';
import { relayJobs } from './relay-outbox.js';

const job = (id: string) => ({ id, type: 'push', payload: {} }) as unknown as OutboxJob;

/** The memory outbox, whose first `failures` marks fail as a busy store's would. */
function busyOutbox(failures: number): { outbox: OutboxStore; store: MemoryOutboxStore; marks: () => number } {
  const store = new MemoryOutboxStore();
  let marks = 0;
  const outbox: OutboxStore = {
    pending: (limit) => store.pending(limit),
    markRelayed: async (entries) => {
      if (marks++ < failures) throw new Error('database is locked');
      await store.markRelayed(entries);
    },
  };
  return { outbox, store, marks: () => marks };
}

describe('relayJobs', () => {
  it('marks published jobs again after a pause when the first mark fails, so the sweep does not send them twice', async () => {
    const { outbox, store, marks } = busyOutbox(1);
    const entries = store.add('c:1', [job('j1'), job('j2')]);
    await relayJobs({ jobs: new MemoryJobQueue(new MemoryQueueHub()), outbox, markRetryMs: 1 }, entries);
    expect(marks()).toBe(2);
    expect(await store.pending(10)).toEqual([]);
  });

  it('throws when the second mark fails too, leaving the jobs for the sweep', async () => {
    const { outbox, store, marks } = busyOutbox(2);
    const entries = store.add('c:1', [job('j1')]);
    await expect(relayJobs({ jobs: new MemoryJobQueue(new MemoryQueueHub()), outbox, markRetryMs: 1 }, entries)).rejects.toThrow('database is locked');
    expect(marks()).toBe(2);
    expect(await store.pending(10)).toHaveLength(1);
  });
});
