import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { MemoryPresenceStore, type MemoryPresenceState } from '@chat/core/adapters/memory/presence-store';
import { MemoryRealtimeHub } from '@chat/core/adapters/memory/realtime-bus';
import type { KeyValueStore } from '@chat/core/ports/key-value';
import type { PresenceStore } from '@chat/core/ports/presence-store';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import { createLogger } from '@chat/core/runtime/logger';
import type { GatewayLimits } from '../limits.js';
import { createGatewayNode, type GatewayNode } from '../node.js';
import { FakeChat } from './fake-chat.js';
import { ISSUER, TestTokens } from './tokens.js';

export interface ClusterOptions {
  nodes?: number;
  limits?: Partial<GatewayLimits>;
  presenceTtlMs?: number;
  allowedOrigins?: string[];
  /** Real adapters (integration tests); the default is one in-process hub for everything. */
  bus?: () => RealtimeBus;
  presence?: () => PresenceStore;
}

export interface Cluster {
  nodes: GatewayNode[];
  chat: FakeChat;
  /** The bus the fake chat service publishes on (what the functions would publish on). */
  bus: RealtimeBus;
  kv: KeyValueStore;
  tokens: TestTokens;
  presence: PresenceStore;
  close(): Promise<void>;
}

/** Gateway nodes in one process sharing a bus, presence and revocation marks, like a deployment. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const hub = new MemoryRealtimeHub();
  const presenceState: MemoryPresenceState = new Map();
  const ttlMs = options.presenceTtlMs ?? 60_000;
  const makeBus = options.bus ?? (() => hub.bus());
  const makePresence = options.presence ?? (() => new MemoryPresenceStore({ ttlMs, state: presenceState }));
  const kv = new MemoryKeyValueStore();
  const tokens = await TestTokens.create();
  const chatBus = makeBus();
  const chat = new FakeChat(chatBus);
  const log = createLogger(process.env.GATEWAY_TEST_LOG ?? 'silent', 'gateway-test');
  const owned: { close(): Promise<void> }[] = [chatBus, kv];
  const nodes: GatewayNode[] = [];
  for (let i = 0; i < (options.nodes ?? 2); i++) {
    const bus = makeBus();
    const presence = makePresence();
    owned.push(bus, presence);
    nodes.push(
      await createGatewayNode({
        bus,
        kv,
        presence,
        chat,
        jwks: tokens.jwks,
        issuer: ISSUER,
        log,
        limits: options.limits,
        allowedOrigins: options.allowedOrigins,
      }),
    );
  }
  const presence = makePresence();
  owned.push(presence);
  return {
    nodes,
    chat,
    bus: chatBus,
    kv,
    tokens,
    presence,
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      await Promise.all(owned.map((o) => o.close()));
    },
  };
}
