import { decodeProtectedHeader, decodeJwt, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, UnauthorizedError } from '../../domain/errors.js';
import type { SigningKeyConfig } from '../../config/env.js';
import { JoseAccessTokens, verifyWithJwks } from './access-tokens.js';
import { generateSigningKey } from './signing-keys.js';

const ISSUER = 'fc-chat-test';
const TTL = 900;

let keyA: SigningKeyConfig;
let keyB: SigningKeyConfig;

beforeAll(async () => {
  keyA = await generateSigningKey();
  keyB = await generateSigningKey();
});

const tokensWith = (keys: SigningKeyConfig[], options: Partial<{ issuer: string; ttlSeconds: number }> = {}) =>
  JoseAccessTokens.create(keys, { issuer: ISSUER, ttlSeconds: TTL, ...options });

async function rejection(promise: Promise<unknown>): Promise<UnauthorizedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return error as UnauthorizedError;
}

async function signManually(key: SigningKeyConfig, payload: JWTPayload, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt): Promise<string> {
  const privateKey = (await importJWK(key.privateJwk as JWK, key.alg)) as CryptoKey;
  return build(new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })).sign(privateKey);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function flip(segment: string): string {
  const c = segment[segment.length - 2]!;
  return segment.slice(0, -2) + (c === 'A' ? 'B' : 'A') + segment.slice(-1);
}

describe('generateSigningKey', () => {
  it('makes an ES256 private JWK with a kid', async () => {
    const key = await generateSigningKey();
    expect(key.alg).toBe('ES256');
    expect(key.kid).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(key.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(typeof key.privateJwk.d).toBe('string');
  });

  it('makes an EdDSA private JWK', async () => {
    const key = await generateSigningKey('EdDSA');
    expect(key.alg).toBe('EdDSA');
    expect(key.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(typeof key.privateJwk.d).toBe('string');
  });

  it('makes a different key and kid every time', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    expect(a.kid).not.toBe(b.kid);
    expect(a.privateJwk.d).not.toBe(b.privateJwk.d);
  });

  it('makes keys that survive a JSON round trip, as JWT_SIGNING_KEYS stores them', async () => {
    const key = JSON.parse(JSON.stringify(await generateSigningKey())) as SigningKeyConfig;
    const tokens = await tokensWith([key]);
    const { token } = await tokens.issue({ userId: 'u1', sessionId: 's1' });
    expect((await tokens.verify(token)).userId).toBe('u1');
  });
});

describe('JoseAccessTokens', () => {
  it('round-trips the claims', async () => {
    const tokens = await tokensWith([keyA]);
    const before = nowSeconds();
    const { token, expiresIn } = await tokens.issue({ userId: 'user-1', sessionId: 'session-1' });
    expect(expiresIn).toBe(TTL);
    const claims = await tokens.verify(token);
    expect(claims.userId).toBe('user-1');
    expect(claims.sessionId).toBe('session-1');
    const exp = claims.expiresAt.getTime() / 1000;
    expect(exp).toBeGreaterThanOrEqual(before + TTL);
    expect(exp).toBeLessThanOrEqual(nowSeconds() + TTL);
  });

  it('signs with ES256 and names the key in the header', async () => {
    const { token } = await (await tokensWith([keyA])).issue({ userId: 'u', sessionId: 's' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: keyA.kid, typ: 'JWT' });
  });

  it('puts standard claims in the payload', async () => {
    const { token } = await (await tokensWith([keyA], { ttlSeconds: 600 })).issue({ userId: 'u', sessionId: 's' });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({ sub: 'u', sid: 's', iss: ISSUER, aud: 'chat' });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('rejects a token with a tampered payload as invalid_token', async () => {
    const tokens = await tokensWith([keyA]);
    const { token } = await tokens.issue({ userId: 'user-1', sessionId: 'session-1' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'admin' })).toString('base64url');
    const error = await rejection(tokens.verify(`${header}.${forged}.${signature}`));
    expect(error.code).toBe('invalid_token');
  });

  it('rejects a token with a tampered signature as invalid_token', async () => {
    const tokens = await tokensWith([keyA]);
    const { token } = await tokens.issue({ userId: 'user-1', sessionId: 'session-1' });
    const [header, payload, signature] = token.split('.');
    expect((await rejection(tokens.verify(`${header}.${payload}.${flip(signature!)}`))).code).toBe('invalid_token');
  });

  it('rejects garbage as invalid_token', async () => {
    const tokens = await tokensWith([keyA]);
    for (const garbage of ['', 'not-a-jwt', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.']) {
      expect((await rejection(tokens.verify(garbage))).code, garbage).toBe('invalid_token');
    }
  });

  it('rejects an unsigned alg=none token as invalid_token', async () => {
    const tokens = await tokensWith([keyA]);
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: keyA.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'u', sid: 's', iss: ISSUER, aud: 'chat', exp: nowSeconds() + 60 })).toString('base64url');
    expect((await rejection(tokens.verify(`${header}.${payload}.`))).code).toBe('invalid_token');
  });

  it('rejects an expired token as token_expired', async () => {
    const tokens = await tokensWith([keyA]);
    const token = await signManually(keyA, { sid: 'session-1' }, (jwt) =>
      jwt
        .setSubject('user-1')
        .setIssuer(ISSUER)
        .setAudience('chat')
        .setIssuedAt(nowSeconds() - 120)
        .setExpirationTime(nowSeconds() - 60),
    );
    const error = await rejection(tokens.verify(token));
    expect(error.code).toBe('token_expired');
  });

  it('expires its own tokens after the ttl', async () => {
    const tokens = await tokensWith([keyA], { ttlSeconds: 1 });
    const { token } = await tokens.issue({ userId: 'u', sessionId: 's' });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await rejection(tokens.verify(token))).code).toBe('token_expired');
  });

  it('rejects a token from another issuer as invalid_token', async () => {
    const other = await tokensWith([keyA], { issuer: 'someone-else' });
    const { token } = await other.issue({ userId: 'u', sessionId: 's' });
    expect((await rejection((await tokensWith([keyA])).verify(token))).code).toBe('invalid_token');
  });

  it('rejects a token for another audience as invalid_token', async () => {
    const token = await signManually(keyA, { sid: 's' }, (jwt) => jwt.setSubject('u').setIssuer(ISSUER).setAudience('billing').setExpirationTime('5m'));
    expect((await rejection((await tokensWith([keyA])).verify(token))).code).toBe('invalid_token');
  });

  it('rejects a token without a session or subject as invalid_token', async () => {
    const tokens = await tokensWith([keyA]);
    const noSid = await signManually(keyA, {}, (jwt) => jwt.setSubject('u').setIssuer(ISSUER).setAudience('chat').setExpirationTime('5m'));
    const noSub = await signManually(keyA, { sid: 's' }, (jwt) => jwt.setIssuer(ISSUER).setAudience('chat').setExpirationTime('5m'));
    const noExp = await signManually(keyA, { sid: 's' }, (jwt) => jwt.setSubject('u').setIssuer(ISSUER).setAudience('chat'));
    for (const token of [noSid, noSub, noExp]) {
      const error = await rejection(tokens.verify(token));
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('invalid_token');
    }
  });

  it('rejects a token signed by a key it does not know as invalid_token', async () => {
    const stranger = await generateSigningKey();
    const { token } = await (await tokensWith([stranger])).issue({ userId: 'u', sessionId: 's' });
    expect((await rejection((await tokensWith([keyA])).verify(token))).code).toBe('invalid_token');
  });

  it('rejects a token that claims a known kid but was signed by another key as invalid_token', async () => {
    const stranger = await generateSigningKey();
    const { token } = await (await tokensWith([{ ...stranger, kid: keyA.kid }])).issue({ userId: 'u', sessionId: 's' });
    expect((await rejection((await tokensWith([keyA])).verify(token))).code).toBe('invalid_token');
  });

  it('publishes a JWKS of public keys only', async () => {
    const jwks = (await tokensWith([keyA])).jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: keyA.kid, alg: 'ES256', use: 'sig', x: keyA.privateJwk.x, y: keyA.privateJwk.y });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(JSON.stringify(jwks)).not.toContain(keyA.privateJwk.d as string);
  });

  it('works with EdDSA keys', async () => {
    const ed = await generateSigningKey('EdDSA');
    const tokens = await tokensWith([ed]);
    const { token } = await tokens.issue({ userId: 'ed-user', sessionId: 'ed-session' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: ed.kid });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'ed-user', sessionId: 'ed-session' });
    const [jwk] = tokens.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: ed.kid, alg: 'EdDSA' });
    expect(jwk).not.toHaveProperty('d');
    expect((await verifyWithJwks(tokens.jwks() as { keys: JWK[] }, token, ISSUER)).userId).toBe('ed-user');
  });

  it('mixes ES256 and EdDSA keys during a rotation', async () => {
    const ed = await generateSigningKey('EdDSA');
    const { token: old } = await (await tokensWith([keyA])).issue({ userId: 'u', sessionId: 's' });
    const rotated = await tokensWith([keyA, ed]);
    const { token: fresh } = await rotated.issue({ userId: 'u', sessionId: 's' });
    expect(decodeProtectedHeader(fresh).alg).toBe('EdDSA');
    expect((await rotated.verify(old)).userId).toBe('u');
    expect((await rotated.verify(fresh)).userId).toBe('u');
  });
});

describe('key rotation', () => {
  it('keeps old tokens valid while both keys are configured and rejects them once the old key is gone', async () => {
    const onlyA = await tokensWith([keyA]);
    const { token: tokenA } = await onlyA.issue({ userId: 'user-a', sessionId: 'session-a' });
    expect(decodeProtectedHeader(tokenA).kid).toBe(keyA.kid);

    const both = await tokensWith([keyA, keyB]);
    const { token: tokenB } = await both.issue({ userId: 'user-b', sessionId: 'session-b' });
    expect(decodeProtectedHeader(tokenB).kid).toBe(keyB.kid);
    expect(await both.verify(tokenA)).toMatchObject({ userId: 'user-a', sessionId: 'session-a' });
    expect(await both.verify(tokenB)).toMatchObject({ userId: 'user-b', sessionId: 'session-b' });

    const jwks = both.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([keyA.kid, keyB.kid]);
    for (const jwk of jwks.keys) {
      expect(jwk).not.toHaveProperty('d');
      expect(jwk).toMatchObject({ use: 'sig', alg: 'ES256' });
    }
    expect(await verifyWithJwks(jwks as { keys: JWK[] }, tokenA, ISSUER)).toMatchObject({ userId: 'user-a' });
    expect(await verifyWithJwks(jwks as { keys: JWK[] }, tokenB, ISSUER)).toMatchObject({ userId: 'user-b' });

    const onlyB = await tokensWith([keyB]);
    expect((await rejection(onlyB.verify(tokenA))).code).toBe('invalid_token');
    expect(await onlyB.verify(tokenB)).toMatchObject({ userId: 'user-b' });
    expect(onlyB.jwks().keys.map((k) => k.kid)).toEqual([keyB.kid]);
  });

  it('lets an old instance verify tokens from a new key only once its JWKS has the key', async () => {
    const onlyA = await tokensWith([keyA]);
    const { token: tokenB } = await (await tokensWith([keyA, keyB])).issue({ userId: 'u', sessionId: 's' });
    expect((await rejection(onlyA.verify(tokenB))).code).toBe('invalid_token');
  });
});

describe('verifyWithJwks', () => {
  it('verifies with the published JWKS alone, after a JSON round trip', async () => {
    const tokens = await tokensWith([keyA, keyB]);
    const published = JSON.parse(JSON.stringify(tokens.jwks())) as { keys: JWK[] };
    const { token } = await tokens.issue({ userId: 'gateway-user', sessionId: 'gateway-session' });
    const claims = await verifyWithJwks(published, token, ISSUER);
    expect(claims).toMatchObject({ userId: 'gateway-user', sessionId: 'gateway-session' });
    expect(claims.expiresAt).toBeInstanceOf(Date);
  });

  it('checks the issuer', async () => {
    const tokens = await tokensWith([keyA]);
    const { token } = await tokens.issue({ userId: 'u', sessionId: 's' });
    expect((await rejection(verifyWithJwks(tokens.jwks() as { keys: JWK[] }, token, 'other-issuer'))).code).toBe('invalid_token');
  });

  it('reports expiry as token_expired', async () => {
    const tokens = await tokensWith([keyA]);
    const token = await signManually(keyA, { sid: 's' }, (jwt) =>
      jwt
        .setSubject('u')
        .setIssuer(ISSUER)
        .setAudience('chat')
        .setExpirationTime(nowSeconds() - 1),
    );
    expect((await rejection(verifyWithJwks(tokens.jwks() as { keys: JWK[] }, token, ISSUER))).code).toBe('token_expired');
  });

  it('rejects everything with an empty JWKS', async () => {
    const { token } = await (await tokensWith([keyA])).issue({ userId: 'u', sessionId: 's' });
    expect((await rejection(verifyWithJwks({ keys: [] }, token, ISSUER))).code).toBe('invalid_token');
  });
});
