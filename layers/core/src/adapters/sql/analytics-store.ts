import type { CallStats, MessageRef } from '../../domain/jobs/job.js';
import type { AnalyticsStore, DailyVolume } from '../../ports/analytics-store.js';
import type { SqlDatabase } from '../../ports/sql.js';

interface CallRow {
  call_id: string;
  conversation_id: string;
  provider: CallStats['provider'];
  kind: CallStats['kind'];
  started_at: Date;
  ended_at: Date;
  participants: number;
  duration_seconds: number;
  quality: CallStats['quality'];
}

const utcDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);

export class SqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: SqlDatabase) {}

  async countMessage(message: MessageRef): Promise<boolean> {
    // One statement: the counter moves only if this call recorded the message id, so a repeat
    // (or a concurrent duplicate, which the primary key serialises) adds nothing.
    const { rowCount } = await this.db.query(
      `WITH fresh AS (
         INSERT INTO message_volume_counted (message_id, day) VALUES ($1, $3::date)
         ON CONFLICT (message_id) DO NOTHING RETURNING day
       )
       INSERT INTO message_volume (conversation_id, day, messages)
       SELECT $2, day, 1 FROM fresh
       ON CONFLICT (conversation_id, day) DO UPDATE SET messages = message_volume.messages + 1`,
      [message.messageId, message.conversationId, utcDay(message.createdAt)],
    );
    return rowCount > 0;
  }

  async recordCall(call: CallStats): Promise<void> {
    await this.db.query(
      `INSERT INTO call_stats (call_id, conversation_id, provider, kind, started_at, ended_at, participants, duration_seconds, quality)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (call_id) DO UPDATE SET
         conversation_id = EXCLUDED.conversation_id, provider = EXCLUDED.provider, kind = EXCLUDED.kind,
         started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, participants = EXCLUDED.participants,
         duration_seconds = EXCLUDED.duration_seconds, quality = EXCLUDED.quality, recorded_at = now()`,
      [
        call.callId,
        call.conversationId,
        call.provider,
        call.kind,
        call.startedAt,
        call.endedAt,
        call.participants,
        call.durationSeconds,
        call.quality ? JSON.stringify(call.quality) : null,
      ],
    );
  }

  async messageVolume(conversationId: string, range: { from: string; to: string }): Promise<DailyVolume[]> {
    const { rows } = await this.db.query<{ day: string; messages: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, messages FROM message_volume
        WHERE conversation_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [conversationId, range.from, range.to],
    );
    return rows.map((r) => ({ day: r.day, messages: Number(r.messages) }));
  }

  async callStats(callId: string): Promise<CallStats | undefined> {
    const { rows } = await this.db.query<CallRow>('SELECT * FROM call_stats WHERE call_id = $1', [callId]);
    const r = rows[0];
    return (
      r && {
        callId: r.call_id,
        conversationId: r.conversation_id,
        provider: r.provider,
        kind: r.kind,
        startedAt: new Date(r.started_at).toISOString(),
        endedAt: new Date(r.ended_at).toISOString(),
        participants: Number(r.participants),
        durationSeconds: Number(r.duration_seconds),
        ...(r.quality ? { quality: r.quality } : {}),
      }
    );
  }
}
