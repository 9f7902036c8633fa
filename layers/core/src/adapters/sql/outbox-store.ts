import type { OutboxJob } from '../../domain/jobs/job.js';
import type { OutboxEntry, OutboxStore } from '../../ports/outbox-store.js';
import type { SqlDatabase, SqlExecutor } from '../../ports/sql.js';
import { GroupCommit } from '../../runtime/group-commit.js';

/**
 * The `outbox` table (migration 0004). SqlMessageStore writes it inside the append transaction
 * (`insertOutbox`); relaying deletes the rows, so the table only ever holds what is still due.
 */
export class SqlOutboxStore implements OutboxStore {
  // Every send marks its jobs relayed right after publishing them: concurrent marks share one
  // DELETE (group commit, one batch at a time), so under load they take one connection, not one each.
  private readonly marks: GroupCommit<readonly OutboxEntry[], void>;
  private nextMark = 0;

  constructor(private readonly db: SqlDatabase) {
    this.marks = new GroupCommit<readonly OutboxEntry[], void>(
      async (batches) => {
        await this.db.query('DELETE FROM outbox WHERE job_id = ANY($1::text[])', [batches.flat().map((e) => e.job.id)]);
        return batches.map(() => ({ ok: true, value: undefined }));
      },
      { maxInFlight: 1, maxBatch: 500 },
    );
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<{ source: string; job: OutboxJob }>('SELECT source, job FROM outbox ORDER BY created_at, job_id LIMIT $1', [
      Math.max(0, Math.floor(limit)),
    ]);
    return rows.map((r) => ({ source: r.source, job: r.job }));
  }

  async markRelayed(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Marks have no order to keep: each gets a key of its own.
    await this.marks.submit(String(this.nextMark++), entries);
  }
}

/** Inserts jobs as part of the caller's transaction. */
export async function insertOutbox(tx: SqlExecutor, source: string, jobs: readonly OutboxJob[]): Promise<OutboxEntry[]> {
  if (jobs.length === 0) return [];
  await tx.query(`INSERT INTO outbox (job_id, source, job) SELECT j ->> 'id', $1, j FROM jsonb_array_elements($2::jsonb) AS j`, [source, JSON.stringify(jobs)]);
  return jobs.map((job) => ({ source, job }));
}
