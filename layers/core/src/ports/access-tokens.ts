/** Claims the product relies on in an access token. */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Short-lived signed access tokens. Anyone holding the JWKS verifies them without a database call.
 * Invariant: `verify` accepts tokens signed by any key still published, so a rotation never logs
 * anybody out; it throws UnauthorizedError (`invalid_token` or `token_expired`) otherwise.
 */
export interface AccessTokens {
  issue(claims: { userId: string; sessionId: string }): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<AccessClaims>;
  jwks(): { keys: Record<string, unknown>[] };
}
