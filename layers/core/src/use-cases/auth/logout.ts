import type { AuthDeps } from './auth-deps.js';
import { markSessionRevoked } from './revocation.js';

/** Ends the session the refresh token belongs to. Idempotent: an unknown token is not an error. */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  const sessionId = await deps.sessions.revokeByToken(deps.ids.digest(refreshToken), 'logout');
  if (sessionId) await markSessionRevoked(deps, sessionId);
}
