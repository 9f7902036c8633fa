import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobFromEvent, jobsForMessage, MESSAGE_JOB_TYPES, type MessageEvent } from '../domain/jobs/job.js';
import type { JobLedger } from './job-ledger.js';

export interface JobLedgerHarness {
  ledger: JobLedger;
  /** A second ledger on the same data (another process), or the same one if the adapter has none. */
  peer: JobLedger;
  close(): Promise<void>;
}

const newJob = () => ({ id: `job-${randomUUID()}`, type: 'push' as const });
const MINUTE = 60_000;

/** The behaviour every JobLedger adapter must show. Called from each adapter's test file. */
export function describeJobLedgerContract(name: string, open: () => Promise<JobLedgerHarness>): void {
  describe(`JobLedger contract: ${name}`, () => {
    let h: JobLedgerHarness;
    beforeAll(async () => {
      h = await open();
    }, 60_000);
    afterAll(async () => h?.close(), 60_000);

    it("keeps a message event's runs per worker: a redelivery to one is done, the others still run", async () => {
      const ref = { conversationId: `conv-${randomUUID()}`, seq: 1, messageId: randomUUID(), senderId: 'alice', createdAt: new Date().toISOString() };
      const [event] = jobsForMessage(ref, randomUUID, ref.createdAt) as [MessageEvent];
      const [first, ...others] = MESSAGE_JOB_TYPES.map((t) => jobFromEvent(event, t));
      expect(await h.ledger.claim(first!, MINUTE)).toBe('claimed');
      await h.ledger.complete(first!.id);
      // The same event, delivered again to the same worker: its job (same derived id) is done.
      expect(await h.peer.claim(jobFromEvent(event, first!.type), MINUTE)).toBe('done');
      for (const job of others) expect(await h.peer.claim(job, MINUTE)).toBe('claimed');
    });

    it('lets the first claim run a job and reports a live lease as busy', async () => {
      const job = newJob();
      expect(await h.ledger.claim(job, MINUTE)).toBe('claimed');
      expect(await h.ledger.claim(job, MINUTE)).toBe('busy');
      expect(await h.peer.claim(job, MINUTE)).toBe('busy');
    });

    it('answers done for every claim after complete, also across instances', async () => {
      const job = newJob();
      await h.ledger.claim(job, MINUTE);
      await h.ledger.complete(job.id);
      expect(await h.ledger.claim(job, MINUTE)).toBe('done');
      expect(await h.peer.claim(job, 0)).toBe('done');
    });

    it('lets a retry claim a released job at once', async () => {
      const job = newJob();
      await h.ledger.claim(job, MINUTE);
      await h.ledger.release(job.id);
      expect(await h.peer.claim(job, MINUTE)).toBe('claimed');
      await h.peer.complete(job.id);
      expect(await h.ledger.claim(job, MINUTE)).toBe('done');
    });

    it('lets another worker take over a job whose lease ran out (its worker died)', async () => {
      const job = newJob();
      expect(await h.ledger.claim(job, 30)).toBe('claimed');
      await sleep(80);
      expect(await h.peer.claim(job, MINUTE)).toBe('claimed');
      expect(await h.ledger.claim(job, MINUTE)).toBe('busy');
    });

    it('gives exactly one of many concurrent claims of a job', async () => {
      const job = newJob();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? h.peer : h.ledger).claim(job, MINUTE)));
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'busy')).toHaveLength(19);
    });

    it('keeps releasing a completed job from undoing it', async () => {
      const job = newJob();
      await h.ledger.claim(job, MINUTE);
      await h.ledger.complete(job.id);
      await h.ledger.release(job.id);
      expect(await h.ledger.claim(job, MINUTE)).toBe('done');
    });

    it('forgets completed jobs older than the cut-off, and only those', async () => {
      const [old, recent] = [newJob(), newJob()];
      await h.ledger.claim(old, MINUTE);
      await h.ledger.complete(old.id);
      const cutoff = new Date(Date.now() + 1_000);
      expect(await h.ledger.forget(new Date(Date.now() - MINUTE))).toBeGreaterThanOrEqual(0);
      expect(await h.ledger.claim(old, MINUTE)).toBe('done');
      expect(await h.ledger.forget(cutoff)).toBeGreaterThanOrEqual(1);
      // Forgotten: a (very late) duplicate would run again.
      expect(await h.ledger.claim(old, MINUTE)).toBe('claimed');
      expect(await h.ledger.claim(recent, MINUTE)).toBe('claimed');
    });
  });
}
