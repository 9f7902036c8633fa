import { MemoryPresenceStore } from '@chat/core/adapters/memory/presence-store';
import { MemoryRealtimeBus } from '@chat/core/adapters/memory/realtime-bus';
import { RedisPresenceStore } from '@chat/core/adapters/redis/presence-store';
import { RedisRealtimeBus } from '@chat/core/adapters/redis/realtime-bus';
import { accessTokens } from '@chat/core/wiring/auth';
import { inProcessChatApi } from '@chat/core/wiring/chat-api';
import { processHub, processPresence } from '@chat/core/wiring/embedded';
import { keyValue } from '@chat/core/wiring/key-value';
import type { Wiring } from '@chat/core/wiring/wiring';
import type { Logger } from '@chat/core/runtime/logger';
import { createGatewayNode, type GatewayNode } from '@chat/gateway/node';

export interface RunningNodes {
  nodes: GatewayNode[];
  close(): Promise<void>;
}

/**
 * The gateway nodes of the local cloud, node i on `basePort + i`. They share one in-process bus and
 * presence store, or Redis when REDIS_URL is set, exactly as separate ECS nodes share Redis.
 */
export async function startGatewayNodes(wiring: Wiring, options: { count: number; basePort: number; log: Logger }): Promise<RunningNodes> {
  const { config } = wiring;
  const redisUrl = config.redis.url;
  // The same TTL and (in memory) the same state as the push and sync workers' presence, so they see these connections.
  const ttlMs = config.presence.ttlMs;
  const presence = redisUrl ? RedisPresenceStore.connect(redisUrl, { ttlMs, prefix: 'chat:' }) : new MemoryPresenceStore({ ttlMs, state: processPresence });
  const chat = inProcessChatApi(() => wiring.use, { longLived: true });
  const [kv, tokens] = await Promise.all([wiring.use(keyValue), wiring.use(accessTokens)]);
  const nodes: GatewayNode[] = [];
  const buses: { close(): Promise<void> }[] = [];
  for (let i = 1; i <= options.count; i++) {
    const bus = redisUrl ? RedisRealtimeBus.connect(redisUrl, { name: `local-gateway-${i}` }) : new MemoryRealtimeBus(processHub);
    buses.push(bus);
    nodes.push(
      await createGatewayNode({
        port: options.basePort + i,
        host: '127.0.0.1',
        bus,
        kv,
        presence,
        chat,
        jwks: tokens.jwks() as never,
        issuer: config.auth.issuer,
        allowedOrigins: config.http.corsAllowedOrigins,
        log: options.log.child({ node: i }),
      }),
    );
  }
  return {
    nodes,
    async close() {
      await Promise.allSettled(nodes.map((n) => n.close()));
      await Promise.allSettled([...buses.map((b) => b.close()), presence.close()]);
    },
  };
}
