import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import type { SigningKeyConfig } from '@chat/core/config/env';

/**
 * Signing keys for local runs only, kept in DATA_DIR so tokens survive a restart. Deployed
 * functions never use these: production config requires JWT_SIGNING_KEYS from the environment.
 */
export async function devSigningKeys(dataDir: string): Promise<SigningKeyConfig[]> {
  const file = path.join(dataDir, 'dev-signing-keys.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SigningKeyConfig[];
  } catch {
    const keys = [await generateSigningKey()];
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
    return keys;
  }
}
