import { UnauthorizedError } from '../../domain/errors.js';
import type { AccessClaims } from '../../ports/access-tokens.js';
import type { AuthDeps } from './auth-deps.js';
import { isSessionMarkedRevoked } from './revocation.js';

/** Resolves `Authorization: Bearer <token>` to the caller, without a database call. */
export async function authenticate(deps: Pick<AuthDeps, 'tokens' | 'kv'>, authorization: string | undefined): Promise<AccessClaims> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('unauthorized', 'Send an access token as Authorization: Bearer <token>');
  const claims = await deps.tokens.verify(match[1]!);
  if (await isSessionMarkedRevoked(deps, claims.sessionId)) throw new UnauthorizedError('session_revoked', 'This session has been revoked');
  return claims;
}
