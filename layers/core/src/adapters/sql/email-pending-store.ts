import type { EmailNotifications } from '../../domain/auth/user.js';
import type { EmailPendingStore, EmailReason, NewPendingEmail, PendingGroup } from '../../ports/email-pending-store.js';
import type { SqlDatabase } from '../../ports/sql.js';

/** EmailPendingStore over PostgreSQL or PGlite. */
export class SqlEmailPendingStore implements EmailPendingStore {
  constructor(private readonly db: SqlDatabase) {}

  async recipients(conversationId: string, seq: number, senderId: string): Promise<{ userId: string; emailNotifications: EmailNotifications }[]> {
    const { rows } = await this.db.query<{ id: string; email_notifications: EmailNotifications }>(
      `SELECT u.id, u.email_notifications FROM conversation_members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = $1 AND m.left_at IS NULL AND m.read_seq < $2 AND m.user_id <> $3 AND u.email_notifications <> 'off'
       ORDER BY u.id`,
      [conversationId, seq, senderId],
    );
    return rows.map((r) => ({ userId: r.id, emailNotifications: r.email_notifications }));
  }

  async add(rows: readonly NewPendingEmail[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db.query(
      `INSERT INTO email_pending (user_id, conversation_id, seq, reason, due_at, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (user_id, conversation_id, seq) DO NOTHING`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.conversationId),
        rows.map((r) => r.seq),
        rows.map((r) => r.reason),
        rows.map((r) => r.dueAt),
        rows.map((r) => r.createdAt),
      ],
    );
    return result.rowCount;
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<PendingGroup[]> {
    // The outer `lease_until <= $1` is re-checked on rows a concurrent claim just locked and leased,
    // so each row goes to one claimant.
    const { rows } = await this.db.query<{ user_id: string; conversation_id: string; seq: number; reason: EmailReason; attempts: number }>(
      `WITH due AS (
         SELECT user_id, conversation_id FROM email_pending WHERE lease_until <= $1
         GROUP BY user_id, conversation_id HAVING min(due_at) <= $1
         ORDER BY min(due_at) LIMIT $3
       )
       UPDATE email_pending p SET lease_until = $2, attempts = p.attempts + 1
       FROM due WHERE p.user_id = due.user_id AND p.conversation_id = due.conversation_id AND p.lease_until <= $1
       RETURNING p.user_id, p.conversation_id, p.seq, p.reason, p.attempts`,
      [now, leaseUntil, limit],
    );
    const groups = new Map<string, PendingGroup>();
    for (const r of rows) {
      const key = JSON.stringify([r.user_id, r.conversation_id]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { userId: r.user_id, conversationId: r.conversation_id, items: [], attempts: 0 }));
      group.items.push({ seq: Number(r.seq), reason: r.reason });
      group.attempts = Math.max(group.attempts, Number(r.attempts));
    }
    for (const g of groups.values()) g.items.sort((a, b) => a.seq - b.seq);
    return [...groups.values()];
  }

  async remove(userId: string, conversationId: string, seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.query('DELETE FROM email_pending WHERE user_id = $1 AND conversation_id = $2 AND seq = ANY($3::integer[])', [
      userId,
      conversationId,
      [...seqs],
    ]);
  }
}
