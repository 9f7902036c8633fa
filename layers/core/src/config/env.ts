import { z } from 'zod';
import { defineSlice, loadSlice, type Env } from './env-kit.js';
import { auth, http, type SigningKeyConfig } from './sections/auth.js';
import { getstream, getstreamGroups } from './sections/calls-stream.js';
import { artc, artcGroup } from './sections/calls-artc.js';
import { calls } from './sections/calls.js';
import { callWebhooks } from './sections/calls-webhooks.js';
import { jobs } from './sections/jobs.js';
import { media, mediaGroups } from './sections/media.js';
import { email, fcmAllOrNone, push } from './sections/notifications.js';
import { database, dataDir, logLevel, mongodb, presence, production, productionServices, redis } from './sections/runtime.js';

export { ConfigError, loadSlice } from './env-kit.js';
export type { SigningKeyConfig } from './sections/auth.js';

/**
 * The functions' slice of the configuration (the gateway's is gateway/src/config.ts, the local cloud's
 * scripts/local-cloud/config.ts). Read from the environment once; a bad setup fails at start with one
 * message listing every bad or missing variable, never one at a time.
 */
export const functionConfig = defineSlice(
  'configuration',
  { production, logLevel, dataDir, database, redis, mongodb, auth, http, jobs, push, email, presence, media, getstream, artc, calls, callWebhooks },
  [productionServices, fcmAllOrNone, mediaGroups, getstreamGroups, artcGroup],
);

export type Config = z.output<typeof functionConfig.schema>;

// Tools take only the sections they use, so they run without signing keys or the other services.
/** scripts/jobs-topology.ts: declares the job queues. */
export const jobsConfig = defineSlice('configuration', { jobs });
/** scripts/migrate.ts: migrates DATABASE_URL, or the PGlite under DATA_DIR. */
export const migrateConfig = defineSlice('configuration', { database, dataDir });

export interface LoadOptions {
  /** Signing keys to use when JWT_SIGNING_KEYS is unset (the local cloud's generated dev keys). */
  devSigningKeys?: SigningKeyConfig[];
}

export function loadConfig(env: Env, options: LoadOptions = {}): Config {
  // Handed over as the variable would be, so they are checked and copied like it (the caller's stay unfrozen).
  const keys = env.JWT_SIGNING_KEYS === undefined && options.devSigningKeys ? { JWT_SIGNING_KEYS: JSON.stringify(options.devSigningKeys) } : {};
  return loadSlice(functionConfig, { ...env, ...keys });
}
