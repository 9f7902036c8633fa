import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { RotateResult, SessionStore } from './session-store.js';

export interface SessionStoreHarness {
  store: SessionStore;
  /** Creates a user that sessions can belong to (sessions reference users) and returns its id. */
  makeUser(): Promise<string>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const tokenHash = () => `hash-${randomUUID()}`;

// Opening can be slow (PGlite boots a WebAssembly PostgreSQL, ~3 s idle and far more on a busy machine).
const OPEN_TIMEOUT_MS = 60_000;

/** The behaviour every SessionStore adapter must show. Called from each adapter's test file. */
export function describeSessionStoreContract(name: string, open: () => Promise<SessionStoreHarness>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let harness: SessionStoreHarness;
    let sessions: SessionStore;

    beforeAll(async () => {
      harness = await open();
      sessions = harness.store;
    }, OPEN_TIMEOUT_MS);
    afterAll(async () => harness?.close());

    /** A fresh session of a fresh user, with one live refresh token. */
    async function start(expiresAt = new Date(Date.now() + HOUR)) {
      const userId = await harness.makeUser();
      const sessionId = randomUUID();
      const token = tokenHash();
      await sessions.create({ sessionId, userId, tokenHash: token, expiresAt });
      return { userId, sessionId, token };
    }

    async function rotate(token: string, next = tokenHash(), now = new Date()): Promise<RotateResult> {
      return sessions.rotate({ tokenHash: token, nextTokenHash: next, nextExpiresAt: new Date(now.getTime() + HOUR), now });
    }

    it('rotates a live token, and the new one rotates in turn', async () => {
      const { userId, sessionId, token } = await start();
      const second = tokenHash();
      expect(await rotate(token, second)).toEqual({ status: 'rotated', sessionId, userId });
      const third = tokenHash();
      expect(await rotate(second, third)).toEqual({ status: 'rotated', sessionId, userId });
      expect(await sessions.isRevoked(sessionId)).toBe(false);
    });

    it('reports a rotated token presented again as reused and revokes the whole session', async () => {
      const { sessionId, token } = await start();
      const next = tokenHash();
      expect((await rotate(token, next)).status).toBe('rotated');

      expect(await rotate(token)).toEqual({ status: 'reused', sessionId });
      expect(await sessions.isRevoked(sessionId)).toBe(true);
      expect(await rotate(next)).toEqual({ status: 'revoked', sessionId });
      expect(await rotate(token)).toEqual({ status: 'revoked', sessionId });
    });

    it('refuses an expired token', async () => {
      const expiresAt = new Date(Date.now() + HOUR);
      const { token } = await start(expiresAt);
      expect(await rotate(token, tokenHash(), new Date(expiresAt.getTime() + 1))).toEqual({ status: 'expired' });

      const { token: stale } = await start(new Date(Date.now() - 1_000));
      expect(await rotate(stale)).toEqual({ status: 'expired' });
    });

    it('reports an unknown token', async () => {
      expect(await rotate(tokenHash())).toEqual({ status: 'unknown' });
    });

    it('lets exactly one of two concurrent rotations of a token win', async () => {
      // Several sessions at once, to give the race more chances to show.
      const started = await Promise.all(Array.from({ length: 5 }, () => start()));
      await Promise.all(
        started.map(async ({ userId, sessionId, token }) => {
          const results = await Promise.all([rotate(token), rotate(token)]);
          const statuses = results.map((r) => r.status).sort();
          expect(statuses).toEqual(['reused', 'rotated']);
          expect(results).toContainEqual({ status: 'rotated', sessionId, userId });
          expect(results).toContainEqual({ status: 'reused', sessionId });
          expect(await sessions.isRevoked(sessionId)).toBe(true);
        }),
      );
    });

    it('revokes a session by any of its tokens', async () => {
      const { sessionId, token } = await start();
      const next = tokenHash();
      expect((await rotate(token, next)).status).toBe('rotated');

      expect(await sessions.revokeByToken(next, 'logout')).toBe(sessionId);
      expect(await sessions.isRevoked(sessionId)).toBe(true);
      expect(await rotate(next)).toEqual({ status: 'revoked', sessionId });
      // Revoking again is harmless and still names the session.
      expect(await sessions.revokeByToken(token, 'logout')).toBe(sessionId);
    });

    it('returns undefined when revoking an unknown token', async () => {
      expect(await sessions.revokeByToken(tokenHash(), 'logout')).toBeUndefined();
    });

    it('reports a live session as not revoked', async () => {
      const { sessionId } = await start();
      expect(await sessions.isRevoked(sessionId)).toBe(false);
    });

    it('keeps sessions independent', async () => {
      const a = await start();
      const b = await start();
      expect(await sessions.revokeByToken(a.token, 'logout')).toBe(a.sessionId);
      expect(await sessions.isRevoked(b.sessionId)).toBe(false);
      expect(await rotate(b.token)).toEqual({ status: 'rotated', sessionId: b.sessionId, userId: b.userId });
    });
  });
}
