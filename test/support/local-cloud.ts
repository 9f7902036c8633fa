import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/free-port.js';
import { spawnNode, waitUntilReady } from '../../scripts/lib/node-process.js';

export interface RunningCloud {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
  process: ChildProcess;
}

/** Starts `npm start`'s entry point as a separate process, the way a newcomer runs it. */
export async function startLocalCloud(env: Record<string, string> = {}): Promise<RunningCloud> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fc-chat-e2e-'));
  const cloud = spawnNode('scripts/local-cloud/main.ts', {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
  });
  await waitUntilReady(cloud, 'local cloud', () => cloud.output().includes('local cloud ready'));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    output: cloud.output,
    process: cloud.child,
    stop: async () => {
      cloud.child.kill('SIGTERM');
      const code = await cloud.exited;
      return typeof code === 'number' ? code : null;
    },
  };
}
