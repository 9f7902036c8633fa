import type { GatewayNodes } from '../lib/gateway-nodes.js';
import { startServerProcess } from '../lib/server-process.js';
import { peerUrl } from '../peer/client.js';

/** The send peer (server.ts) in its own process, shaped like one gateway node for the send-path run. */
export async function startSendPeer(env: { DATABASE_URL: string; REDIS_URL: string }, nodeArgs?: string[]): Promise<GatewayNodes> {
  const server = await startServerProcess('send-peer', 'bench/src/send-peer/server.ts', env, nodeArgs ? { nodeArgs } : {});
  return {
    nodes: [{ name: server.name, pid: server.pid, port: server.port, url: peerUrl(server.port) }],
    check: () => server.check(),
    stop: () => server.stop(),
  };
}
