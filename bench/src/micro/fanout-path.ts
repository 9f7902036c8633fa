import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import { conversationChannel, type RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { ChatApi } from '@chat/core/ports/chat-api';
import { createLogger } from '@chat/core/runtime/logger';
import { Connection } from '@chat/gateway/connection';
import { Hub } from '@chat/gateway/hub';
import { DEFAULT_LIMITS } from '@chat/gateway/limits';
import { GatewayMetrics } from '@chat/gateway/metrics';
import type { Transport } from '@chat/gateway/transport';
import { benchMessage } from '../fanout/payload.js';

/**
 * A gateway node's own work per delivery, without the network: the bus payload is parsed once per
 * message, as the Redis adapter does, and handed to the real Hub, Connection and ConversationStream
 * of 1,000 connections in groups of `perNode`; the transport only counts what it is given. What a
 * node spends beyond this per delivery is writing to sockets (see socket-write.ts).
 */
export async function measureFanoutPath(options: {
  groups: number;
  perNode: number;
  messages: number;
}): Promise<{ deliveries: number; cpuUsPerDelivery: number }> {
  const handlers = new Map<string, (event: RealtimeEvent) => void>();
  const bus: RealtimeBus = {
    publish: async () => undefined,
    subscribe: async (channel, onEvent) => void handlers.set(channel, onEvent),
    unsubscribe: async (channel) => void handlers.delete(channel),
    close: async () => undefined,
  };
  const log = createLogger('silent', 'bench-micro');
  const hub = new Hub(bus, log);
  let frames = 0;
  const transport: Transport = {
    send: () => (frames++, true),
    close: () => undefined,
    ping: () => undefined,
    isOpen: () => true,
    bufferedBytes: () => 0,
    whenWritable: async () => true,
  };
  const deps = { chat: {} as ChatApi, limits: DEFAULT_LIMITS, metrics: new GatewayMetrics(), log };
  const members = (g: number) => Array.from({ length: options.perNode * 2 }, (_, k) => `u${g}-${k}`);
  for (let g = 0; g < options.groups; g++) {
    // The other half of each group is on the other node, as in the fan-out scenario.
    for (const userId of members(g).slice(0, options.perNode)) {
      const conn = new Connection(`${userId}-c`, { userId, accessToken: '' }, `${userId}-s`, transport, deps);
      conn.markReady();
      await hub.register(conn);
      await hub.join(conn, `g${g}`, 0);
    }
  }
  const seqs = new Array<number>(options.groups).fill(0);
  const payloads = Array.from({ length: options.messages }, (_, i) => {
    const g = i % options.groups;
    const seq = (seqs[g]! += 1);
    const message = benchMessage({ conversationId: `g${g}`, seq, senderId: `u${g}-0`, step: 0, sentAtMs: Date.now(), serial: i });
    return { onEvent: handlers.get(conversationChannel(`g${g}`))!, json: JSON.stringify({ type: 'message.new', message, recipients: members(g) }) };
  });
  frames = 0;
  const before = process.cpuUsage();
  for (const { onEvent, json } of payloads) onEvent(JSON.parse(json) as RealtimeEvent);
  const used = process.cpuUsage(before);
  return { deliveries: frames, cpuUsPerDelivery: (used.user + used.system) / frames };
}
