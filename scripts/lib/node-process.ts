import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A `node --import tsx <script>` child of a test or the bench, with what it printed. */
export interface NodeProcess {
  child: ChildProcess;
  /** Its stdout and stderr together (the last `keepChars`). */
  output(): string;
  /** Resolves with the exit code, or the signal's name, once it has exited. */
  exited: Promise<number | string>;
  hasExited(): boolean;
}

/** Every child started here, killed if the parent itself exits abruptly (a failing suite, Ctrl-C). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `script` (relative to the repository root) under tsx with exactly `env`. */
export function spawnNode(script: string, options: { env: Record<string, string>; nodeArgs?: string[]; keepChars?: number }): NodeProcess {
  return spawnProcess(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), script], options);
}

/** Starts built JavaScript (`script`, e.g. dist/gateway/index.mjs) under plain node, as deployed: no tsx loader. */
export function spawnBuiltNode(script: string, options: { env: Record<string, string>; nodeArgs?: string[]; keepChars?: number }): NodeProcess {
  return spawnProcess(process.execPath, [...(options.nodeArgs ?? []), script], options);
}

/** Starts any program (a Go peer of the bench, say) in the repository root with exactly `env`. */
export function spawnProcess(command: string, args: string[], options: { env: Record<string, string>; keepChars?: number }): NodeProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const keepChars = options.keepChars ?? Infinity;
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > keepChars) out = out.slice(-keepChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, output: () => out, exited, hasExited: () => done };
}

/**
 * Polls `ready` every 100 ms until it holds. Fails with the process's output if the process exits
 * first or `timeoutMs` passes (then it is killed).
 */
export async function waitUntilReady(proc: NodeProcess, what: string, ready: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.hasExited()) throw new Error(`${what} exited (${await proc.exited}) during start-up:\n${proc.output()}`);
    if (Date.now() > deadline) {
      proc.child.kill('SIGKILL');
      throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${proc.output()}`);
    }
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when `GET url` answers 200 (false while nothing listens yet). */
export const answers200 = (url: string): Promise<boolean> =>
  fetch(url).then(
    (res) => res.status === 200,
    () => false,
  );

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** SIGKILL (a crashed node); resolves once the process is gone. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
