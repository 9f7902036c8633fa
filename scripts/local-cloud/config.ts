import path from 'node:path';
import { defineSlice, envVar, int, loadSlice, type Env } from '@chat/core/config/env-kit';
import { dataDir, listenPort } from '@chat/core/config/sections/runtime';

/** `npm start`'s own variables; the functions it hosts read theirs through loadConfig. */
export const localCloudConfig = defineSlice('local cloud configuration', {
  /** The API, `/ws` and the web client; gateway node i listens on PORT + i. */
  port: listenPort(8080),
  dataDir,
  /** How often the `timer-*` functions run. */
  timerSeconds: envVar('LOCAL_TIMER_SECONDS', int(5)),
  gatewayNodes: envVar('GATEWAY_NODES', int(2)),
});

export type LocalCloudConfig = ReturnType<typeof loadLocalCloudConfig>;

/** Throws one ConfigError listing every bad variable; `dataDir` comes back absolute. */
export function loadLocalCloudConfig(env: Env) {
  const config = loadSlice(localCloudConfig, env);
  return { ...config, dataDir: path.resolve(config.dataDir) };
}

/**
 * The environment the hosted functions read: DATA_DIR made absolute, and links in e-mails pointing at
 * this local cloud unless PUBLIC_BASE_URL says otherwise.
 */
export function functionEnv(env: Env, local: LocalCloudConfig): Env {
  // Links in e-mails point at this local cloud, and its own web client may call it, unless the
  // environment says otherwise.
  return {
    PUBLIC_BASE_URL: `http://127.0.0.1:${local.port}`,
    CORS_ALLOWED_ORIGINS: `http://127.0.0.1:${local.port},http://localhost:${local.port}`,
    ...env,
    DATA_DIR: local.dataDir,
  };
}
