import type { AuthDeps, TokenPair } from './auth-deps.js';

/** Starts a new session for a user who just proved who they are. */
export async function startSession(deps: AuthDeps, userId: string): Promise<TokenPair> {
  const sessionId = deps.ids.id();
  const refreshToken = deps.ids.secret();
  await deps.sessions.create({ sessionId, userId, tokenHash: deps.ids.digest(refreshToken), expiresAt: refreshExpiry(deps) });
  return pair(deps, userId, sessionId, refreshToken);
}

export function refreshExpiry(deps: AuthDeps): Date {
  return new Date(deps.clock.now().getTime() + deps.policy.refreshTokenTtlSeconds * 1000);
}

export async function pair(deps: AuthDeps, userId: string, sessionId: string, refreshToken: string): Promise<TokenPair> {
  const access = await deps.tokens.issue({ userId, sessionId });
  return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
}
