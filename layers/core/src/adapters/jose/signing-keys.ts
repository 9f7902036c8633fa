import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';
import type { SigningKeyConfig } from '../../config/env.js';

/** A fresh signing key; `npm run keys` and the local cloud's dev keys use it. */
export async function generateSigningKey(alg: SigningKeyConfig['alg'] = 'ES256'): Promise<SigningKeyConfig> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { kid, alg, privateJwk: { ...(await exportJWK(privateKey)) } };
}
