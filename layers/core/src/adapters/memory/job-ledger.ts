import type { Job } from '../../domain/jobs/job.js';
import type { ClaimResult, JobLedger } from '../../ports/job-ledger.js';
import type { Clock } from '../../ports/system.js';

interface Run {
  status: 'running' | 'failed' | 'done';
  leaseUntil: number;
  finishedAt: number | undefined;
}

/** JobLedger in process memory: the SQL ledger's rules over a Map; every method is atomic. */
export class MemoryJobLedger implements JobLedger {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  async claim(job: Pick<Job, 'id' | 'type'>, leaseMs: number): Promise<ClaimResult> {
    const now = this.clock.now().getTime();
    const run = this.runs.get(job.id);
    if (run?.status === 'done') return 'done';
    if (run?.status === 'running' && run.leaseUntil > now) return 'busy';
    this.runs.set(job.id, { status: 'running', leaseUntil: now + leaseMs, finishedAt: undefined });
    return 'claimed';
  }

  async complete(jobId: string): Promise<void> {
    if (this.runs.has(jobId)) this.runs.set(jobId, { status: 'done', leaseUntil: 0, finishedAt: this.clock.now().getTime() });
  }

  async release(jobId: string): Promise<void> {
    const run = this.runs.get(jobId);
    if (run?.status === 'running') this.runs.set(jobId, { status: 'failed', leaseUntil: this.clock.now().getTime(), finishedAt: undefined });
  }

  async forget(before: Date): Promise<number> {
    let forgotten = 0;
    for (const [id, run] of this.runs) {
      const at = run.status === 'done' ? run.finishedAt! : run.leaseUntil;
      if (at < before.getTime() && this.runs.delete(id)) forgotten++;
    }
    return forgotten;
  }
}
