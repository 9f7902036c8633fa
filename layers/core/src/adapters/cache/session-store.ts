import type { KeyValueStore } from '../../ports/key-value.js';
import type { RotateResult, SessionStore } from '../../ports/session-store.js';

interface CachedToken {
  sessionId: string;
  state: 'active' | 'rotated' | 'revoked';
}

/**
 * Caches refresh-token state in the key-value store (Redis in the cloud) in front of the SQL store.
 * PostgreSQL stays the source of truth for every rotation, because only its row lock makes reuse
 * detection exact; the cache answers the cheap cases (a token of a revoked session, a session's
 * revocation) without a database round trip.
 */
export class CachedSessionStore implements SessionStore {
  constructor(
    private readonly inner: SessionStore,
    private readonly kv: KeyValueStore,
    private readonly ttlMs: number,
  ) {}

  private key = (tokenHash: string) => `refresh-token:${tokenHash}`;

  private async remember(tokenHash: string, value: CachedToken): Promise<void> {
    await this.kv.set(this.key(tokenHash), JSON.stringify(value), { ttlMs: this.ttlMs });
  }

  async create(input: { sessionId: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.inner.create(input);
    await this.remember(input.tokenHash, { sessionId: input.sessionId, state: 'active' });
  }

  async rotate(input: { tokenHash: string; nextTokenHash: string; nextExpiresAt: Date; now: Date }): Promise<RotateResult> {
    const cached = await this.kv.get(this.key(input.tokenHash));
    const known = cached ? (JSON.parse(cached) as CachedToken) : undefined;
    if (known?.state === 'revoked' || (known && (await this.kv.get(this.revokedKey(known.sessionId))))) {
      return { status: 'revoked', sessionId: known.sessionId };
    }
    const result = await this.inner.rotate(input);
    if (result.status === 'rotated') {
      await this.remember(input.tokenHash, { sessionId: result.sessionId, state: 'rotated' });
      await this.remember(input.nextTokenHash, { sessionId: result.sessionId, state: 'active' });
    } else if (result.status === 'reused' || result.status === 'revoked') {
      await this.kv.set(this.revokedKey(result.sessionId), '1', { ttlMs: this.ttlMs });
    }
    return result;
  }

  async revokeByToken(tokenHash: string, reason: string): Promise<string | undefined> {
    const sessionId = await this.inner.revokeByToken(tokenHash, reason);
    if (sessionId) await this.kv.set(this.revokedKey(sessionId), '1', { ttlMs: this.ttlMs });
    return sessionId;
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if (await this.kv.get(this.revokedKey(sessionId))) return true;
    return this.inner.isRevoked(sessionId);
  }

  private revokedKey = (sessionId: string) => `refresh-session-revoked:${sessionId}`;
}
