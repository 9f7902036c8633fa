import type { IncomingMessage } from 'node:http';
import { decodeProtectedHeader } from 'jose';
import { VerifiedTokens } from '@chat/core/adapters/in-process/verified-tokens';
import { verifyWithJwks } from '@chat/core/adapters/jose/access-tokens';
import { AppError, UnauthorizedError } from '@chat/core/domain/errors';
import type { AccessClaims } from '@chat/core/ports/access-tokens';
import type { KeyValueStore } from '@chat/core/ports/key-value';
import { isSessionMarkedRevoked } from '@chat/core/use-cases/auth/revocation';
import type { JwksSource } from './jwks.js';
import { CloseCode } from './protocol.js';

const BEARER = 'bearer.';

/**
 * The access token of an upgrade request: `Sec-WebSocket-Protocol: chat.v1, bearer.<token>` (browsers
 * cannot set headers on a WebSocket) or `?token=`.
 */
export function tokenFromRequest(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith(BEARER))?.slice(BEARER.length);
  if (fromProtocol) return detached(fromProtocol);
  const fromQuery = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams.get('token');
  return fromQuery ? detached(fromQuery) : undefined;
}

/**
 * A copy of `s` that shares no memory with the string it was cut from: V8 may represent a slice as
 * a view of its parent, and the connection keeps its token for its whole life, so a slice would
 * keep the whole header or URL with it.
 */
const detached = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

export interface AuthDeps {
  jwks: JwksSource;
  issuer: string;
  /** Holds the revocation marks of logged-out sessions (one GET per connection). */
  kv: KeyValueStore;
}

/** Verifies the token against the JWKS alone (no database) and refuses revoked sessions. */
export async function authenticate(deps: AuthDeps, token: string): Promise<AccessClaims> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new UnauthorizedError('invalid_token', 'Access token is not valid');
  }
  const claims = await verifyWithJwks(await deps.jwks.current(kid), token, deps.issuer);
  if (await isSessionMarkedRevoked(deps, claims.sessionId)) throw new UnauthorizedError('session_revoked', 'Session was revoked');
  // An in-process chat API then skips its own signature check of this token (not its revocation check).
  VerifiedTokens.shared.remember(token, claims);
  return claims;
}

/** The close code for a failure while authenticating: 41xx for the token, 4003 for our own trouble. */
export function authCloseCode(error: unknown): { code: CloseCode; reason: string } {
  if (error instanceof AppError) {
    if (error.code === 'token_expired' || error.code === 'session_revoked') return { code: CloseCode.tokenExpired, reason: error.code };
    if (error.code === 'invalid_token' || error.code === 'unauthorized') return { code: CloseCode.authFailed, reason: error.code };
  }
  return { code: CloseCode.unavailable, reason: 'auth unavailable' };
}
