import { UnauthorizedError } from '../../domain/errors.js';
import type { AccessClaims } from '../../ports/access-tokens.js';
import type { AuthDeps } from '../../use-cases/auth/auth-deps.js';
import { authenticate } from '../../use-cases/auth/authenticate.js';
import { isSessionMarkedRevoked } from '../../use-cases/auth/revocation.js';

/**
 * The claims of access tokens whose signature this process has checked, until they expire. The
 * gateway's every chat call carries its connection's token, and an ES256 check per call was the
 * largest CPU cost of a connect after the gateway's own. Only a token that verified is cached (a
 * forged one is checked, and refused, every time).
 *
 * The revocation mark of a cached token's session is read again once it is `markFreshMs` old: the
 * gateway reads it on connect and then asks the chat API for the connection's conversations at
 * once, and a connection sends every few hundred milliseconds, so reading it on every call was a
 * Redis round trip per connect and per send that told nothing new. A revoked session's sockets are
 * closed by the revocation event (gateway/src/revocations.ts); the mark only covers an event that
 * was lost, which the window delays by at most `markFreshMs`.
 */
export class VerifiedTokens {
  /**
   * The process's own: a gateway node with the in-process chat API checks each socket's token
   * against the same keys and issuer (JWT_SIGNING_KEYS or JWKS_URL, JWT_ISSUER) before the chat
   * API sees it, so the API need not check it again (a second ES256 verification per connect).
   */
  static readonly shared = new VerifiedTokens();

  private readonly claims = new Map<string, { claims: AccessClaims; markReadAt: number }>();
  /** Nothing is remembered until something verifies through this cache (a gateway calling FC keeps none). */
  private used = false;

  constructor(
    private readonly max = 20_000,
    private readonly now: () => number = Date.now,
    private readonly markFreshMs = 1_000,
  ) {}

  /**
   * Records claims verified elsewhere in this process (the gateway's socket authentication), whose
   * session's revocation mark was read just before.
   */
  remember(token: string, claims: AccessClaims): void {
    if (this.used) this.store(token, claims);
  }

  async verify(deps: Pick<AuthDeps, 'tokens' | 'kv'>, token: string): Promise<AccessClaims> {
    this.used = true;
    const hit = this.claims.get(token);
    const now = this.now();
    if (hit && hit.claims.expiresAt.getTime() > now) {
      if (now - hit.markReadAt < this.markFreshMs) return hit.claims;
      if (await isSessionMarkedRevoked(deps, hit.claims.sessionId)) throw new UnauthorizedError('session_revoked', 'This session has been revoked');
      hit.markReadAt = now;
      return hit.claims;
    }
    this.claims.delete(token);
    const claims = await authenticate(deps, `Bearer ${token}`);
    this.store(token, claims);
    return claims;
  }

  private store(token: string, claims: AccessClaims): void {
    // Map order is insertion order: past the bound the oldest entry goes.
    if (this.claims.size >= this.max && !this.claims.has(token)) this.claims.delete(this.claims.keys().next().value!);
    this.claims.set(token, { claims, markReadAt: this.now() });
  }
}
