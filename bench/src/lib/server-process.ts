import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../../scripts/build/gateway.js';
import { benchHeapDir } from './collect-garbage.js';
import { freePort } from '../../../scripts/lib/free-port.js';
import { answers200, spawnBuiltNode, spawnNode, stopProcess, waitUntilReady, type NodeProcess } from '../../../scripts/lib/node-process.js';

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

const GC_PRELOAD = fileURLToPath(new URL('./gc-preload.ts', import.meta.url));
/** Where the bench builds its own servers (the peer) and helpers, next to the gateway's dist/gateway. */
export const BENCH_DIST = fileURLToPath(new URL('../../../dist/bench', import.meta.url));
let builtPreload: Promise<string> | undefined;

/** gc-preload.ts as JavaScript, for servers that run built code under plain node (no tsx to load a .ts). */
function gcPreload(): Promise<string> {
  builtPreload ??= freshBuild(GC_PRELOAD, path.join(BENCH_DIST, 'gc-preload')).then((b) => b.entry);
  return builtPreload;
}

/**
 * Variables that configure the chat backend. They are never inherited from the orchestrator's own
 * environment (someone may have run `eval "$(npm run services env)"`), only passed explicitly.
 */
const CONFIG_VARIABLES = /^(DATABASE_URL|MONGODB_URL|REDIS_URL|AMQP_URL|JWT_|JWKS_URL|CHAT_API|NODE_ENV|LOG_LEVEL|PORT|HOST|GATEWAY_|DATA_DIR|ACCESS_TOKEN_)/;

/**
 * Spawns `node --import tsx <script>` (or, for built JavaScript, a `.mjs` file, plain `node <script>`) with `env`, on a free port (PORT, HOST=127.0.0.1), and waits
 * until `GET <healthPath>` answers 200. A process that dies during start-up fails with its output.
 */
export async function startServerProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  options: { healthPath?: string; nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !CONFIG_VARIABLES.test(e[0])));
  const built = script.endsWith('.mjs');
  const server = (built ? spawnBuiltNode : spawnNode)(script, {
    env: { ...inherited, ...env, HOST: '127.0.0.1', PORT: String(port), BENCH_HEAP_DIR: benchHeapDir() },
    nodeArgs: ['--expose-gc', '--import', built ? await gcPreload() : GC_PRELOAD, ...(options.nodeArgs ?? [])],
    keepChars: 16_000,
  });
  const healthPath = options.healthPath ?? '/healthz';
  await waitUntilReady(server, name, () => answers200(`http://127.0.0.1:${port}${healthPath}`), options.timeoutMs);
  return serverHandle(name, server, port);
}

/** The handle of a started server: `check` tells a crash from a stop; `afterStop` cleans up after it. */
export function serverHandle(name: string, server: NodeProcess, port: number, afterStop: () => void = () => undefined): ServerProcess {
  let stopping = false;
  return {
    name,
    pid: server.child.pid!,
    port,
    output: server.output,
    check: () => {
      if (server.hasExited() && !stopping) throw new Error(`${name} exited unexpectedly:\n${server.output()}`);
    },
    stop: async () => {
      stopping = true;
      // Draining closes every socket; a node with a CPU profile also writes it before it exits.
      await stopProcess(server.child, 15_000);
      afterStop();
    },
  };
}
