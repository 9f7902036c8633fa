import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../scripts/lib/free-port.js';
import { answers200, spawnProcess, waitUntilReady } from '../../../scripts/lib/node-process.js';
import { repoRoot } from '../lib/services.js';
import { serverHandle, type ServerProcess } from '../lib/server-process.js';

const run = promisify(execFile);

/** The Centrifugo binary, built from the Go module proxy on first use (scripts/centrifugo/build.sh). */
export async function centrifugoBinary(): Promise<string> {
  const { stdout } = await run('bash', [path.join(repoRoot, 'scripts/centrifugo/build.sh')], { maxBuffer: 1 << 20, timeout: 30 * 60_000 });
  return stdout.trim().split('\n').at(-1)!;
}

export interface CentrifugoSecrets {
  /** HS256 key of the connection tokens the load generators present. */
  tokenKey: string;
  /** The server API key the publisher sends (X-API-Key). */
  apiKey: string;
}

/**
 * One Centrifugo v6 node on the Redis engine, configured as a chat backend would: connection JWTs
 * (HS256) whose `channels` claim subscribes the user to their groups on the server side, the HTTP
 * server API for publishing, nothing persisted per channel (no history, no presence), logs quiet.
 * `GOMAXPROCS=1` by default, so that every system's node gets one core (ours and Socket.IO are one
 * Node.js thread each); `gomaxprocs: null` leaves the Go default (all cores).
 */
export async function startCentrifugoNode(
  name: string,
  input: { binary: string; redisUrl: string; secrets: CentrifugoSecrets; gomaxprocs: number | null },
): Promise<ServerProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'centrifugo-'));
  const redis = new URL(input.redisUrl);
  const config = {
    http_server: { address: '127.0.0.1', port },
    log: { level: 'error' },
    client: { token: { hmac_secret_key: input.secrets.tokenKey }, allowed_origins: ['*'] },
    http_api: { key: input.secrets.apiKey },
    engine: { type: 'redis', redis: { address: [`redis://${redis.hostname}:${redis.port || 6379}`] } },
    health: { enabled: true },
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir };
  if (input.gomaxprocs !== null) env.GOMAXPROCS = String(input.gomaxprocs);
  const server = spawnProcess(input.binary, ['--config', path.join(dir, 'config.json')], { env, keepChars: 16_000 });
  try {
    await waitUntilReady(server, name, () => answers200(`http://127.0.0.1:${port}/health`), 60_000);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return serverHandle(name, server, port, () => rmSync(dir, { recursive: true, force: true }));
}
