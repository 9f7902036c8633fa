import { freshBuild, GATEWAY_DIST, GATEWAY_ENTRY } from '../../../scripts/build/gateway.js';
import { GATEWAY_NODE_FLAGS } from '../../../gateway/src/node-flags.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export interface GatewayNode {
  name: string;
  pid: number;
  port: number;
  /** ws://127.0.0.1:port/ws */
  url: string;
}

export interface GatewayNodes {
  nodes: GatewayNode[];
  /** Throws if a node has died since it started (its output is in the message). */
  check(): void;
  /** The last lines every node wrote, to show when a test fails. */
  output(): string;
  /** SIGTERM (drain) every node and wait until they have exited. */
  stop(): Promise<void>;
}

/**
 * `count` gateway processes (the build of `gateway/src/main.ts` that runs on ECS, dist/gateway/index.mjs,
 * rebuilt first if missing or older than a source) with `env` (see
 * `Seeded.gatewayEnv`), each on a free port, resolved once every one answers /healthz.
 * They run with the flags of a deployed node (GATEWAY_NODE_FLAGS); `nodeArgs` go to node after
 * them, e.g. `--cpu-prof --cpu-prof-dir=…`.
 */
export async function startGatewayNodes(count: number, env: Record<string, string>, options: { nodeArgs?: string[] } = {}): Promise<GatewayNodes> {
  const build = await freshBuild(GATEWAY_ENTRY, GATEWAY_DIST);
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const name = `gateway-${i}`;
        started.push(
          await startServerProcess(name, build.entry, { ...env, GATEWAY_NODE_NAME: name }, { nodeArgs: [...GATEWAY_NODE_FLAGS, ...(options.nodeArgs ?? [])] }),
        );
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  started.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return {
    nodes: started.map((s) => ({ name: s.name, pid: s.pid, port: s.port, url: `ws://127.0.0.1:${s.port}/ws` })),
    check: () => started.forEach((s) => s.check()),
    output: () => started.map((s) => `${s.name}:\n${s.output()}`).join('\n'),
    stop,
  };
}
