import { loadConfig } from '@chat/core/config/env';
import { createDeps, provideDeps, type Deps } from '@chat/core/composition';
import { PgliteSqlDatabase } from '@chat/core/adapters/pglite/sql';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';

/** Embedded dependencies (in-memory PGlite + memory KV) provided to every handler in this test file. */
export async function useEmbeddedDeps(env: Record<string, string> = {}): Promise<Deps> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, { devSigningKeys: [await generateSigningKey()] });
  const deps = await createDeps(config, { migrate: true, sql: await PgliteSqlDatabase.open(), kv: new MemoryKeyValueStore() });
  provideDeps(deps);
  return deps;
}
