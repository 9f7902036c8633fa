import { JoseAccessTokens } from '@chat/core/adapters/jose/access-tokens';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { MemoryPresenceStore } from '@chat/core/adapters/memory/presence-store';
import { MemoryRealtimeBus, processHub } from '@chat/core/adapters/memory/realtime-bus';
import { RedisKeyValueStore } from '@chat/core/adapters/redis/key-value';
import { RedisPresenceStore } from '@chat/core/adapters/redis/presence-store';
import { RedisRealtimeBus } from '@chat/core/adapters/redis/realtime-bus';
import { ConfigError, type SigningKeyConfig } from '@chat/core/config/env';
import { createLogger } from '@chat/core/runtime/logger';
import { createChatApi } from './chat-api-factory.js';
import { loadGatewayConfig } from './config.js';
import type { Jwks } from './jwks.js';
import { createGatewayNode } from './node.js';

/** The gateway process: one node, configured from the environment; SIGTERM drains it (4000) and exits 0. */
async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const log = createLogger(config.logLevel, config.nodeName);
  // Same key prefix as the functions (wiring/key-value.ts), so their revocation marks are seen here.
  const kv = config.redisUrl ? RedisKeyValueStore.connect(config.redisUrl, 'chat:') : new MemoryKeyValueStore();
  const bus = config.redisUrl ? RedisRealtimeBus.connect(config.redisUrl, { name: config.nodeName }) : new MemoryRealtimeBus(processHub);
  const presence = config.redisUrl
    ? RedisPresenceStore.connect(config.redisUrl, { ttlMs: config.presenceTtlMs, prefix: 'chat:' })
    : new MemoryPresenceStore({ ttlMs: config.presenceTtlMs });
  const chat = await createChatApi(config.chatApi);
  const node = await createGatewayNode({
    port: config.port,
    host: config.host,
    bus,
    kv,
    presence,
    chat,
    issuer: config.issuer,
    allowedOrigins: config.allowedOrigins,
    log,
    limits: { framesPerSecond: config.clientFrames.perSecond, frameBurst: config.clientFrames.burst },
    ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : { jwks: await publicJwks(config.signingKeys!, config.issuer) }),
  });
  log.info({ port: node.port }, 'gateway node listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    await node.close();
    await Promise.allSettled([bus.close(), presence.close(), kv.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function publicJwks(keys: SigningKeyConfig[], issuer: string): Promise<Jwks> {
  const tokens = await JoseAccessTokens.create(keys, { issuer, ttlSeconds: 60 });
  return tokens.jwks() as unknown as Jwks;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
