import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a built function the way FC's nodejs20 runtime does, in a fresh `node` process: import the
 * handler file, call the export once with the event as a Buffer, and report the result. Used by
 * the artifact test (is the package loadable and correct?) and by the cold-start measurement.
 */
export interface InvokeOptions {
  /** The handler file, e.g. `<code>/index.mjs`. */
  entry: string;
  exportName: string;
  event: unknown;
  context: Record<string, unknown>;
  /** The function's environment. Nothing else is inherited: FC does not pass the builder's env. */
  env: Record<string, string>;
  /** Where layers are unpacked (FC: /opt); its nodejs/node_modules goes on NODE_PATH as in FC. */
  layerMount?: string;
  timeoutMs?: number;
}

export interface Invocation {
  result: unknown;
  /** Spawn to result, as the parent saw it. */
  totalMs: number;
  /** Inside the child, from process start: handler module loaded, and handler returned. */
  importedAtMs: number;
  returnedAtMs: number;
  /** CPU time (user + system) the child used until the handler returned: robust to machine load. */
  cpuMs: number;
}

const MARK = '\u0000fc-result:';

// The child prints its result after a marker, so the function's own logs on stdout do not matter.
const BOOTSTRAP = `
import { pathToFileURL } from 'node:url';
const [entry, exportName, event, context] = process.argv.slice(1);
const mod = await import(pathToFileURL(entry).href);
const importedAtMs = performance.now();
const result = await mod[exportName](Buffer.from(event), JSON.parse(context));
const returnedAtMs = performance.now();
const cpu = process.cpuUsage();
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify({ result, importedAtMs, returnedAtMs, cpuMs }) + '\\n', () => process.exit(0));
`;

export function invokeInFreshProcess(options: InvokeOptions): Promise<Invocation> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  if (options.layerMount) env.NODE_PATH = path.join(options.layerMount, 'nodejs/node_modules');
  const args = ['--input-type=module', '-e', BOOTSTRAP, options.entry, options.exportName, JSON.stringify(options.event), JSON.stringify(options.context)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: path.dirname(options.entry), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    let resolved = false;
    child.stdout.on('data', () => {
      const at = stdout.indexOf(MARK);
      const end = at < 0 ? -1 : stdout.indexOf('\n', at);
      if (end < 0 || resolved) return;
      resolved = true;
      const totalMs = performance.now() - started;
      const parsed = JSON.parse(stdout.slice(at + MARK.length, end)) as Omit<Invocation, 'totalMs'>;
      resolve({ ...parsed, totalMs });
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!resolved) reject(new Error(`${options.entry} exited (${signal ?? code}) without a result\n${stderr || stdout}`));
    });
  });
}
