import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../../scripts/build/gateway.js';
import type { GatewayNodes } from '../lib/gateway-nodes.js';
import { BENCH_DIST, startServerProcess } from '../lib/server-process.js';
import { peerUrl } from '../peer/client.js';

/**
 * The send peer (server.ts) in its own process, shaped like one gateway node for the send-path run.
 * Built and run under plain node, as our gateway nodes are, so neither pays for tsx.
 */
export async function startSendPeer(env: { DATABASE_URL: string; REDIS_URL: string }, nodeArgs?: string[]): Promise<GatewayNodes> {
  const build = await freshBuild(fileURLToPath(new URL('./server.ts', import.meta.url)), path.join(BENCH_DIST, 'send-peer'));
  const server = await startServerProcess('send-peer', build.entry, env, nodeArgs ? { nodeArgs } : {});
  return {
    nodes: [{ name: server.name, pid: server.pid, port: server.port, url: peerUrl(server.port) }],
    check: () => server.check(),
    output: () => server.output(),
    stop: () => server.stop(),
  };
}
