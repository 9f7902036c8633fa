import type { OutboxJob } from '../../domain/jobs/job.js';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox-store.js';
import type { SqlDatabase, SqlExecutor } from '../../ports/sql.js';

/**
 * The `outbox` table (migration 0004). SqlMessageStore writes it inside the append transaction
 * (`insertOutbox`); relaying deletes the rows, so the table only ever holds what is still due.
 */
export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly db: SqlDatabase) {}

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<{ source: string; job: OutboxJob }>('SELECT source, job FROM outbox ORDER BY created_at, job_id LIMIT $1', [
      Math.max(0, Math.floor(limit)),
    ]);
    return rows.map((r) => ({ source: r.source, job: r.job }));
  }

  async markRelayed(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query('DELETE FROM outbox WHERE job_id = ANY($1::text[])', [entries.map((e) => e.job.id)]);
  }
}

/** Inserts jobs as part of the caller's transaction. */
export async function insertOutbox(tx: SqlExecutor, source: string, jobs: readonly OutboxJob[]): Promise<OutboxEntry[]> {
  if (jobs.length === 0) return [];
  await tx.query(`INSERT INTO outbox (job_id, source, job) SELECT j ->> 'id', $1, j FROM jsonb_array_elements($2::jsonb) AS j`, [source, JSON.stringify(jobs)]);
  return jobs.map((job) => ({ source, job }));
}
