import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { JoseAccessTokens } from '@chat/core/adapters/jose/access-tokens';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import type { SigningKeyConfig } from '@chat/core/config/env';
import type { Jwks } from '../jwks.js';

export const ISSUER = 'gateway-test';

/** Signs access tokens the way the auth functions do, for tests. */
export class TestTokens {
  private constructor(
    private readonly key: SigningKeyConfig,
    private readonly tokens: JoseAccessTokens,
  ) {}

  static async create(): Promise<TestTokens> {
    const key = await generateSigningKey();
    return new TestTokens(key, await JoseAccessTokens.create([key], { issuer: ISSUER, ttlSeconds: 900 }));
  }

  get jwks(): Jwks {
    return this.tokens.jwks() as unknown as Jwks;
  }

  async issue(userId: string, sessionId: string = randomUUID()): Promise<string> {
    return (await this.tokens.issue({ userId, sessionId })).token;
  }

  /** A token whose `exp` is `expiresInSeconds` from now (negative: already expired). */
  async expiringIn(userId: string, expiresInSeconds: number, sessionId: string = randomUUID()): Promise<string> {
    const key = (await importJWK(this.key.privateJwk as JWK, this.key.alg)) as CryptoKey;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience('chat')
      .setIssuedAt(now - 60)
      .setExpirationTime(now + expiresInSeconds)
      .sign(key);
  }
}
