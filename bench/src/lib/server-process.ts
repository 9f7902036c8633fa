import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './services.js';
import { freePort } from '../../../scripts/lib/free-port.js';

/** A server under test (a gateway node or the peer), in its own process, as deployed. */
export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  /** The last lines it wrote (stdout and stderr), to show when it fails. */
  output(): string;
  /** Throws if the process has exited although nobody stopped it. */
  check(): void;
  stop(): Promise<void>;
}

/** Every server process started here, killed if the orchestrator itself exits abruptly. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const GC_PRELOAD = fileURLToPath(new URL('./gc-preload.ts', import.meta.url));

/** Full garbage collections in the given server processes (see gc-preload.ts), then a moment to settle. */
export async function collectGarbage(pids: number[]): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
}

/**
 * Variables that configure the chat backend. They are never inherited from the orchestrator's own
 * environment (someone may have run `eval "$(npm run services env)"`), only passed explicitly.
 */
const CONFIG_VARIABLES = /^(DATABASE_URL|MONGODB_URL|REDIS_URL|AMQP_URL|JWT_|JWKS_URL|CHAT_API|NODE_ENV|LOG_LEVEL|PORT|HOST|GATEWAY_|DATA_DIR|ACCESS_TOKEN_)/;

/**
 * Spawns `node --import tsx <script>` with `env`, on a free port (PORT, HOST=127.0.0.1), and waits
 * until `GET <healthPath>` answers 200. A process that dies during start-up fails with its output.
 */
export async function startServerProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  options: { healthPath?: string; nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG_VARIABLES.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', '--import', GC_PRELOAD, ...(options.nodeArgs ?? []), script], {
    cwd: repoRoot,
    env: { ...inherited, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-16_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: string | undefined;
  let stopping = false;
  const exited = once(child, 'exit').then(([code, signal]) => {
    exit = String(code ?? signal);
    running.delete(child);
  });

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exit !== undefined) throw new Error(`${name} exited (${exit}) during start-up:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${options.healthPath ?? '/healthz'} within ${options.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}${options.healthPath ?? '/healthz'}`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    name,
    pid: child.pid!,
    port,
    output: () => out,
    check: () => {
      if (exit !== undefined && !stopping) throw new Error(`${name} exited unexpectedly (${exit}):\n${out}`);
    },
    stop: async () => {
      stopping = true;
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      // Draining closes every socket; a node with a CPU profile also writes it before it exits.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
