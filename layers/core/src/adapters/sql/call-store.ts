import { ValidationError } from '../../domain/errors.js';
import type { Call, CallParticipant } from '../../domain/calls/call.js';
import type { CallPage, CallStore } from '../../ports/call-store.js';
import { constraintOf, sqlStateOf, SqlState, type SqlDatabase } from '../../ports/sql.js';

interface CallRow {
  id: string;
  conversation_id: string;
  kind: Call['kind'];
  provider: Call['provider'];
  provider_call_id: string;
  created_by: string;
  state: Call['state'];
  participants: unknown;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  end_reason: Call['endReason'];
  quality: unknown;
  version: number;
}

interface StoredParticipant {
  userId: string;
  joinedAt: string | null;
  lastJoinedAt: string | null;
  leftAt: string | null;
  durationSeconds: number;
}

const date = (v: string | null) => (v === null ? null : new Date(v));
// PGlite hands jsonb back parsed, pg too; a string would mean a driver that does not.
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

function toCall(r: CallRow): Call {
  const participants = (json(r.participants) as StoredParticipant[]).map(
    (p): CallParticipant => ({
      userId: p.userId,
      joinedAt: date(p.joinedAt),
      lastJoinedAt: date(p.lastJoinedAt),
      leftAt: date(p.leftAt),
      durationSeconds: p.durationSeconds,
    }),
  );
  return {
    id: r.id,
    conversationId: r.conversation_id,
    kind: r.kind,
    provider: r.provider,
    providerCallId: r.provider_call_id,
    createdBy: r.created_by,
    state: r.state,
    participants,
    startedAt: new Date(r.started_at),
    answeredAt: r.answered_at && new Date(r.answered_at),
    endedAt: r.ended_at && new Date(r.ended_at),
    endReason: r.end_reason,
    quality: (json(r.quality) as Call['quality']) ?? null,
    version: Number(r.version),
  };
}

const encodeCursor = (c: Call) => Buffer.from(JSON.stringify([c.startedAt.toISOString(), c.id])).toString('base64url');

function decodeCursor(cursor: string | undefined): { at: Date | null; id: string } {
  if (cursor === undefined) return { at: null, id: '' };
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (typeof id === 'string' && !Number.isNaN(d.getTime())) return { at: d, id };
  } catch {
    // fall through
  }
  throw new ValidationError('Invalid cursor', [{ field: 'cursor', issue: 'not a cursor this API issued' }]);
}

const COLUMNS =
  'id, conversation_id, kind, provider, provider_call_id, created_by, state, participants, started_at, answered_at, ended_at, end_reason, quality, version';
const qualified = COLUMNS.split(', ')
  .map((c) => `c.${c}`)
  .join(', ');

/** CallStore over PostgreSQL or PGlite. */
export class SqlCallStore implements CallStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(call: Call): Promise<{ call: Call; created: boolean }> {
    // Two starts can race past each other's getLive; the partial unique index settles it, and the
    // loser (retrying once in case the winner ended meanwhile) returns the winner's call.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { rows } = await this.db.query<CallRow>(
          `INSERT INTO calls (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13::jsonb, $14) RETURNING ${COLUMNS}`,
          [
            call.id,
            call.conversationId,
            call.kind,
            call.provider,
            call.providerCallId,
            call.createdBy,
            call.state,
            JSON.stringify(call.participants),
            call.startedAt,
            call.answeredAt,
            call.endedAt,
            call.endReason,
            call.quality === null ? null : JSON.stringify(call.quality),
            call.version,
          ],
        );
        return { call: toCall(rows[0] as CallRow), created: true };
      } catch (error) {
        if (sqlStateOf(error) !== SqlState.uniqueViolation || (constraintOf(error) ?? 'calls_live_per_conversation') !== 'calls_live_per_conversation')
          throw error;
        const live = await this.getLive(call.conversationId);
        if (live) return { call: live, created: false };
      }
    }
    throw new Error(`could not start a call in ${call.conversationId}: the live call kept changing`);
  }

  async get(id: string): Promise<Call | null> {
    return this.one(`SELECT ${COLUMNS} FROM calls WHERE id = $1`, [id]);
  }

  async getByProviderId(provider: Call['provider'], providerCallId: string): Promise<Call | null> {
    return this.one(`SELECT ${COLUMNS} FROM calls WHERE provider = $1 AND provider_call_id = $2`, [provider, providerCallId]);
  }

  async getLive(conversationId: string): Promise<Call | null> {
    return this.one(`SELECT ${COLUMNS} FROM calls WHERE conversation_id = $1 AND state <> 'ended'`, [conversationId]);
  }

  async update(next: Call, expectedVersion: number): Promise<Call | null> {
    return this.one(
      `UPDATE calls SET state = $3, participants = $4::jsonb, answered_at = $5, ended_at = $6, end_reason = $7, quality = $8::jsonb, version = version + 1
       WHERE id = $1 AND version = $2 AND (state <> 'ended' OR $3 = 'ended')
       RETURNING ${COLUMNS}`,
      [
        next.id,
        expectedVersion,
        next.state,
        JSON.stringify(next.participants),
        next.answeredAt,
        next.endedAt,
        next.endReason,
        next.quality === null ? null : JSON.stringify(next.quality),
      ],
    );
  }

  async history(conversationId: string, page: { cursor?: string | undefined; limit: number }): Promise<CallPage> {
    const after = decodeCursor(page.cursor);
    return this.page(
      `SELECT ${COLUMNS} FROM calls WHERE conversation_id = $1
         AND ($2::timestamptz IS NULL OR (started_at, id) < ($2::timestamptz, $3::text))
       ORDER BY started_at DESC, id DESC LIMIT $4`,
      [conversationId, after.at, after.id, page.limit + 1],
      page.limit,
    );
  }

  async missedFor(userId: string, page: { cursor?: string | undefined; limit: number }): Promise<CallPage> {
    const after = decodeCursor(page.cursor);
    return this.page(
      `SELECT ${qualified} FROM calls c
       JOIN conversation_members m ON m.conversation_id = c.conversation_id AND m.user_id = $1 AND m.left_at IS NULL
       WHERE c.end_reason = 'missed' AND c.created_by <> $1
         AND ($2::timestamptz IS NULL OR (c.started_at, c.id) < ($2::timestamptz, $3::text))
       ORDER BY c.started_at DESC, c.id DESC LIMIT $4`,
      [userId, after.at, after.id, page.limit + 1],
      page.limit,
    );
  }

  async activeStartedBefore(startedBefore: Date, page: { cursor?: string | undefined; limit: number }): Promise<CallPage> {
    const after = decodeCursor(page.cursor);
    // Live calls are few (one per conversation at most), so the scan stays small without an index.
    return this.page(
      `SELECT ${COLUMNS} FROM calls WHERE state = 'active' AND started_at < $1
         AND ($2::timestamptz IS NULL OR (started_at, id) < ($2::timestamptz, $3::text))
       ORDER BY started_at DESC, id DESC LIMIT $4`,
      [startedBefore, after.at, after.id, page.limit + 1],
      page.limit,
    );
  }

  async sweepRinging(startedBefore: Date, at: Date): Promise<Call[]> {
    // Row locks make concurrent sweeps (and a racing answer) re-check `state = 'ringing'`, so each
    // call is returned by one sweep at most and never ends after it was answered.
    const { rows } = await this.db.query<CallRow>(
      `UPDATE calls SET state = 'ended', end_reason = 'missed', ended_at = $2, version = version + 1
       WHERE state = 'ringing' AND started_at < $1
       RETURNING ${COLUMNS}`,
      [startedBefore, at],
    );
    return rows.map(toCall);
  }

  private async one(text: string, params: unknown[]): Promise<Call | null> {
    const { rows } = await this.db.query<CallRow>(text, params);
    return rows[0] ? toCall(rows[0]) : null;
  }

  private async page(text: string, params: unknown[], limit: number): Promise<CallPage> {
    const { rows } = await this.db.query<CallRow>(text, params);
    const items = rows.slice(0, limit).map(toCall);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }
}
