import type { Media, MediaProcessed } from '../../domain/media/media.js';
import type { MediaStore, MessageKey } from '../../ports/media-store.js';
import type { SqlDatabase } from '../../ports/sql.js';

interface MediaRow {
  id: string;
  owner_id: string;
  conversation_id: string;
  file_name: string;
  declared_type: string;
  declared_size: string | number;
  content_type: string | null;
  size: string | number | null;
  state: Media['state'];
  object_key: string;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  thumbnail_key: string | null;
  processed_at: Date | null;
  attached_to: string | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, owner_id, conversation_id, file_name, declared_type, declared_size, content_type, size, state, object_key, width, height, duration_ms, thumbnail_key, processed_at, attached_to, deleted_at, created_at, updated_at';

const date = (v: Date | null) => (v === null ? null : new Date(v));

// bigint columns come back as strings from pg; sizes stay far below 2^53.
function toMedia(r: MediaRow): Media {
  return {
    id: r.id,
    ownerId: r.owner_id,
    conversationId: r.conversation_id,
    fileName: r.file_name,
    declaredType: r.declared_type,
    declaredSize: Number(r.declared_size),
    contentType: r.content_type,
    size: r.size === null ? null : Number(r.size),
    state: r.state,
    objectKey: r.object_key,
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms,
    thumbnailKey: r.thumbnail_key,
    processedAt: date(r.processed_at),
    attachedTo: r.attached_to,
    deletedAt: date(r.deleted_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** MediaStore over PostgreSQL or PGlite. */
export class SqlMediaStore implements MediaStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(m: Media): Promise<void> {
    await this.db.query(`INSERT INTO media (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, [
      m.id,
      m.ownerId,
      m.conversationId,
      m.fileName,
      m.declaredType,
      m.declaredSize,
      m.contentType,
      m.size,
      m.state,
      m.objectKey,
      m.width,
      m.height,
      m.durationMs,
      m.thumbnailKey,
      m.processedAt,
      m.attachedTo,
      m.deletedAt,
      m.createdAt,
      m.updatedAt,
    ]);
  }

  async get(id: string): Promise<Media | null> {
    return this.one(`SELECT ${COLUMNS} FROM media WHERE id = $1`, [id]);
  }

  async getMany(ids: readonly string[]): Promise<Media[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<MediaRow>(`SELECT ${COLUMNS} FROM media WHERE id = ANY($1::text[])`, [[...ids]]);
    return rows.map(toMedia);
  }

  async markReady(id: string, found: { contentType: string; size: number; objectKey: string; processedAt: Date | null }, at: Date): Promise<Media | null> {
    return this.one(
      `UPDATE media SET state = 'ready', content_type = $2, size = $3, object_key = $4, processed_at = $5, updated_at = $6
       WHERE id = $1 AND state = 'pending' RETURNING ${COLUMNS}`,
      [id, found.contentType, found.size, found.objectKey, found.processedAt, at],
    );
  }

  async markRejected(id: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE media SET state = 'rejected', updated_at = $2 WHERE id = $1 AND state = 'pending'`, [id, at]);
    return rowCount === 1;
  }

  async markUndecodable(id: string, at: Date): Promise<Media | null> {
    // content_type and size go back to null: the table's CHECK ties them to the ready state.
    return this.one(
      `UPDATE media SET state = 'rejected', content_type = NULL, size = NULL, updated_at = $2
       WHERE id = $1 AND state = 'ready' AND processed_at IS NULL AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [id, at],
    );
  }

  async markProcessed(id: string, p: MediaProcessed, at: Date): Promise<Media | null> {
    return this.one(
      `UPDATE media SET width = $2, height = $3, duration_ms = $4, thumbnail_key = $5, processed_at = $6, updated_at = $6
       WHERE id = $1 AND state = 'ready' AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [id, p.width, p.height, p.durationMs, p.thumbnailKey, at],
    );
  }

  async attach(ref: MessageKey, ids: readonly string[], at: Date): Promise<boolean> {
    if (ids.length === 0) return true;
    return this.db
      .transaction(async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE media SET attached_to = $4, updated_at = $5
         WHERE id = ANY($1::text[]) AND conversation_id = $2 AND owner_id = $3 AND state = 'ready' AND deleted_at IS NULL
           AND (attached_to IS NULL OR attached_to = $4)`,
          [[...ids], ref.conversationId, ref.senderId, ref.clientMsgId, at],
        );
        // All or none: a partial attach would leave a message pointing at media it does not own.
        if (rowCount !== new Set(ids).size) throw new AttachConflict();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof AttachConflict) return false;
        throw error;
      });
  }

  async detachMessage(ref: MessageKey, at: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE media SET deleted_at = $4, updated_at = $4 WHERE conversation_id = $1 AND owner_id = $2 AND attached_to = $3 AND deleted_at IS NULL`,
      [ref.conversationId, ref.senderId, ref.clientMsgId, at],
    );
    return rowCount;
  }

  async stale(input: { pendingBefore: Date; limit: number }): Promise<Media[]> {
    const { rows } = await this.db.query<MediaRow>(
      `SELECT ${COLUMNS} FROM media
       WHERE (state = 'pending' AND created_at < $1) OR state = 'rejected' OR deleted_at IS NOT NULL
       ORDER BY created_at LIMIT $2`,
      [input.pendingBefore, input.limit],
    );
    return rows.map(toMedia);
  }

  async unprocessed(input: { readyBefore: Date; limit: number }): Promise<Media[]> {
    // Only images wait for processing; other types are marked processed when they become ready.
    const { rows } = await this.db.query<MediaRow>(
      `SELECT ${COLUMNS} FROM media
       WHERE state = 'ready' AND processed_at IS NULL AND deleted_at IS NULL AND updated_at < $1
       ORDER BY updated_at LIMIT $2`,
      [input.readyBefore, input.limit],
    );
    return rows.map(toMedia);
  }

  async remove(id: string): Promise<void> {
    await this.db.query(`DELETE FROM media WHERE id = $1`, [id]);
  }

  private async one(text: string, params: unknown[]): Promise<Media | null> {
    const { rows } = await this.db.query<MediaRow>(text, params);
    return rows[0] ? toMedia(rows[0]) : null;
  }
}

class AttachConflict extends Error {}
