import type { Job } from '../../domain/jobs/job.js';
import type { ClaimResult, JobLedger } from '../../ports/job-ledger.js';
import type { SqlDatabase } from '../../ports/sql.js';

/**
 * The `job_runs` table (migration 0004). A claim is one upsert: a new row, or taking over a row
 * that was released or whose lease ran out; the primary key makes concurrent claims of one job
 * serialize, so exactly one of them gets the row. Times come from the database's clock, the one
 * clock every function instance shares.
 */
export class SqlJobLedger implements JobLedger {
  constructor(private readonly db: SqlDatabase) {}

  async claim(job: Pick<Job, 'id' | 'type'>, leaseMs: number): Promise<ClaimResult> {
    const { rows } = await this.db.query<{ job_id: string }>(
      `INSERT INTO job_runs AS r (job_id, type, status, lease_until)
       VALUES ($1, $2, 'running', now() + $3 * interval '1 millisecond')
       ON CONFLICT (job_id) DO UPDATE SET status = 'running', lease_until = EXCLUDED.lease_until
       WHERE r.status = 'failed' OR (r.status = 'running' AND r.lease_until <= now())
       RETURNING r.job_id`,
      [job.id, job.type, Math.max(0, Math.floor(leaseMs))],
    );
    if (rows.length > 0) return 'claimed';
    const { rows: current } = await this.db.query<{ status: string }>('SELECT status FROM job_runs WHERE job_id = $1', [job.id]);
    return current[0]?.status === 'done' ? 'done' : 'busy';
  }

  async complete(jobId: string): Promise<void> {
    await this.db.query(`UPDATE job_runs SET status = 'done', lease_until = NULL, finished_at = now() WHERE job_id = $1 AND status <> 'done'`, [jobId]);
  }

  async release(jobId: string): Promise<void> {
    await this.db.query(`UPDATE job_runs SET status = 'failed', lease_until = now() WHERE job_id = $1 AND status = 'running'`, [jobId]);
  }

  async forget(before: Date): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM job_runs WHERE (status = 'done' AND finished_at < $1) OR (status <> 'done' AND lease_until < $1)`, [
      before,
    ]);
    return rowCount;
  }
}
