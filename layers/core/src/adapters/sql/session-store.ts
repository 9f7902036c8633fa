import type { SqlDatabase } from '../../ports/sql.js';
import type { RotateResult, SessionStore } from '../../ports/session-store.js';

interface TokenRow {
  session_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export class SqlSessionStore implements SessionStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { sessionId: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO sessions (id, user_id) VALUES ($1, $2)', [input.sessionId, input.userId]);
      await tx.query('INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [
        input.tokenHash,
        input.sessionId,
        input.expiresAt,
      ]);
    });
  }

  async rotate(input: { tokenHash: string; nextTokenHash: string; nextExpiresAt: Date; now: Date }): Promise<RotateResult> {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE serialises concurrent refreshes of one token: the second sees it rotated.
      const { rows } = await tx.query<TokenRow>(
        `SELECT t.session_id, s.user_id, t.expires_at, t.rotated_at, s.revoked_at
           FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
          WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
        [input.tokenHash],
      );
      const row = rows[0];
      if (!row) return { status: 'unknown' };
      if (row.revoked_at) return { status: 'revoked', sessionId: row.session_id };
      if (row.rotated_at) {
        await tx.query(`UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_token_reuse' WHERE id = $1`, [row.session_id, input.now]);
        return { status: 'reused', sessionId: row.session_id };
      }
      if (new Date(row.expires_at) <= input.now) return { status: 'expired' };
      await tx.query('UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1', [input.tokenHash, input.now]);
      await tx.query('INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [
        input.nextTokenHash,
        row.session_id,
        input.nextExpiresAt,
      ]);
      return { status: 'rotated', sessionId: row.session_id, userId: row.user_id };
    });
  }

  async revokeByToken(tokenHash: string, reason: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE sessions SET revoked_at = COALESCE(revoked_at, now()), revoked_reason = COALESCE(revoked_reason, $2)
        WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1) RETURNING id`,
      [tokenHash, reason],
    );
    return rows[0]?.id;
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE id = $1', [sessionId]);
    return rows[0]?.revoked ?? true;
  }
}
