import { createLocalJWKSet, errors, exportJWK, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { UnauthorizedError } from '../../domain/errors.js';
import type { AccessClaims, AccessTokens } from '../../ports/access-tokens.js';
import type { SigningKeyConfig } from '../../config/env.js';

const AUDIENCE = 'chat';

/**
 * ES256/EdDSA access tokens with a `kid`. The last configured key signs; every configured key is
 * published in the JWKS and verifies, which is how a rotation keeps old tokens valid until expiry.
 */
export class JoseAccessTokens implements AccessTokens {
  private constructor(
    private readonly signer: { kid: string; alg: string; key: CryptoKey },
    private readonly publicJwks: { keys: JWK[] },
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  static async create(keys: SigningKeyConfig[], options: { issuer: string; ttlSeconds: number }): Promise<JoseAccessTokens> {
    const publicKeys = await Promise.all(keys.map(async (k) => publicJwk(k)));
    const newest = keys.at(-1)!;
    const key = (await importJWK(newest.privateJwk as JWK, newest.alg)) as CryptoKey;
    return new JoseAccessTokens({ kid: newest.kid, alg: newest.alg, key }, { keys: publicKeys }, options.issuer, options.ttlSeconds);
  }

  async issue(claims: { userId: string; sessionId: string }): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: this.signer.alg, kid: this.signer.kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.signer.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<AccessClaims> {
    return verifyWithJwks(this.publicJwks, token, this.issuer);
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return this.publicJwks as { keys: Record<string, unknown>[] };
  }
}

// jose caches imported keys inside each key set, so building one per verify re-imports the key
// every time (about half the cost of a verify). One key set per JWKS object; a refetched JWKS is a
// new object and gets its own.
const keySets = new WeakMap<object, ReturnType<typeof createLocalJWKSet>>();
const keySetOf = (jwks: { keys: JWK[] }) => {
  let keySet = keySets.get(jwks);
  if (!keySet) keySets.set(jwks, (keySet = createLocalJWKSet(jwks)));
  return keySet;
};

/** Verifies against a published JWKS; the gateway uses this with the JWKS alone, no private keys. */
export async function verifyWithJwks(jwks: { keys: JWK[] }, token: string, issuer: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, keySetOf(jwks), { issuer, audience: AUDIENCE, algorithms: ['ES256', 'EdDSA'] });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
      throw new UnauthorizedError('invalid_token', 'Access token lacks required claims');
    }
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof errors.JWTExpired) throw new UnauthorizedError('token_expired', 'Access token expired; refresh it');
    throw new UnauthorizedError('invalid_token', 'Access token is not valid');
  }
}

async function publicJwk(k: SigningKeyConfig): Promise<JWK> {
  const privateKey = await importJWK(k.privateJwk as JWK, k.alg, { extractable: true });
  const { d: _d, ...pub } = await exportJWK(privateKey as CryptoKey);
  return { ...pub, kid: k.kid, alg: k.alg, use: 'sig' };
}
