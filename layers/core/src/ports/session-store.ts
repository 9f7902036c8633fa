/**
 * Login sessions and their refresh tokens, stored as SHA-256 hashes only.
 *
 * Invariants: a refresh token rotates at most once; `rotate` is atomic, so two concurrent refreshes
 * with the same token yield one `rotated` and one `reused`; presenting a rotated token revokes the
 * session (and so every token of it) before `reused` is returned.
 */
export interface SessionStore {
  create(input: { sessionId: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  rotate(input: { tokenHash: string; nextTokenHash: string; nextExpiresAt: Date; now: Date }): Promise<RotateResult>;
  /** Revokes the session a token belongs to; returns its id, or undefined for an unknown token. */
  revokeByToken(tokenHash: string, reason: string): Promise<string | undefined>;
  isRevoked(sessionId: string): Promise<boolean>;
}

export type RotateResult =
  | { status: 'rotated'; sessionId: string; userId: string }
  | { status: 'reused'; sessionId: string }
  | { status: 'revoked'; sessionId: string }
  | { status: 'expired' }
  | { status: 'unknown' };
