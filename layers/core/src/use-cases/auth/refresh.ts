import { UnauthorizedError } from '../../domain/errors.js';
import type { AuthDeps, TokenPair } from './auth-deps.js';
import { pair, refreshExpiry } from './issue-tokens.js';
import { markSessionRevoked } from './revocation.js';

/** Trades a refresh token for a new pair. Reusing a rotated token revokes the whole session. */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<{ tokens: TokenPair }> {
  const next = deps.ids.secret();
  const result = await deps.sessions.rotate({
    tokenHash: deps.ids.digest(refreshToken),
    nextTokenHash: deps.ids.digest(next),
    nextExpiresAt: refreshExpiry(deps),
    now: deps.clock.now(),
  });
  switch (result.status) {
    case 'rotated':
      return { tokens: await pair(deps, result.userId, result.sessionId, next) };
    case 'reused':
      await markSessionRevoked(deps, result.sessionId);
      throw new UnauthorizedError('session_revoked', 'This refresh token was already used; the session has been revoked');
    case 'revoked':
      throw new UnauthorizedError('session_revoked', 'This session has been revoked');
    case 'expired':
      throw new UnauthorizedError('token_expired', 'Refresh token expired; log in again');
    case 'unknown':
      throw new UnauthorizedError('invalid_token', 'Unknown refresh token');
  }
}
