import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/free-port.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-cloud/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not become ready:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('local cloud ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`local cloud exited with ${code}:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    output: () => out,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
