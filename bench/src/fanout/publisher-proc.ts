import { setTimeout as sleep } from 'node:timers/promises';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { createRedisClient } from '@chat/core/adapters/redis/client';
import { RedisRealtimeBus } from '@chat/core/adapters/redis/realtime-bus';
import { isRedisClusterUrl } from '@chat/core/config/redis-url';
import type { MessageView } from '@chat/core/domain/chat/message';
import { conversationChannel } from '@chat/core/ports/realtime-bus';
import { serveRequests } from '../lib/children.js';
import { nowMs } from '../lib/histogram.js';
import { centrifugoPublisher } from '../centrifugo/publisher.js';
import { shardedBroadcast, shardedRoomChannel } from '../peer/sharded-broadcast.js';
import { benchMessage } from './payload.js';
import type { SystemId, SystemUnderTest } from './types.js';

/**
 * The one publisher process. For our gateway it publishes exactly what the chat service publishes
 * after storing a message (send-message.ts): `message.new` with the MessageView and the members as
 * recipients, on the conversation's sharded channel, seq 1, 2, 3… per conversation from a single
 * connection, so no node ever sees a gap (a gap would make it read the store). For the peer it
 * emits the same MessageView to the group's room through @socket.io/redis-emitter, which is how a
 * Socket.IO backend publishes from outside the socket servers. For Centrifugo it calls the server
 * API (`/api/batch`, one request per tick), the way its backends publish; that work is counted in
 * Centrifugo's server CPU, as a Redis PUBLISH is not in the other two.
 *
 * On a Redis Cluster the peer runs the sharded adapter, which the emitter cannot reach (it only
 * PUBLISHes); the publisher then SPUBLISHes the adapter's own BROADCAST message to the room's shard
 * channel (peer/sharded-broadcast.ts), which is what a node's `io.to(room).emit(...)` sends there.
 */
export interface PublisherGroup {
  id: string;
  /** The peer's room (bench/src/peer/server.ts). */
  room: string;
  memberIds: string[];
}

type Publish = (group: PublisherGroup, message: MessageView) => void;

let publish: Publish | undefined;
let close: () => Promise<void> = async () => undefined;
let groups: PublisherGroup[] = [];
let seqs: number[] = [];
let serial = 0;
let outstanding = 0;
let errors = 0;
let firstError: string | undefined;

function init(system: SystemId, redisUrl: string, all: PublisherGroup[], api: SystemUnderTest['api']): void {
  groups = all;
  seqs = all.map(() => 0);
  if (system === 'ours') {
    const bus = RedisRealtimeBus.connect(redisUrl, { name: 'bench-publisher' });
    publish = (group, message) => {
      outstanding += 1;
      bus.publish(conversationChannel(group.id), { type: 'message.new', message, recipients: group.memberIds }).then(
        () => (outstanding -= 1),
        (error: unknown) => ((outstanding -= 1), (errors += 1), (firstError ??= String(error))),
      );
    };
    close = () => bus.close();
  } else if (system === 'centrifugo') {
    if (!api) throw new Error('centrifugo needs its API urls');
    const batcher = centrifugoPublisher(api, {
      sent: () => (outstanding += 1),
      done: () => (outstanding -= 1),
      failed: (error) => ((outstanding -= 1), (errors += 1), (firstError ??= String(error))),
    });
    publish = (group, message) => batcher.publish(group.room, { type: 'message.new', message });
    close = async () => undefined;
  } else if (isRedisClusterUrl(redisUrl)) {
    const redis = createRedisClient(redisUrl, { connectionName: 'bench-emitter' });
    redis.on('error', (error) => ((errors += 1), (firstError ??= String(error))));
    publish = (group, message) => {
      outstanding += 1;
      redis.spublish(shardedRoomChannel(group.room), shardedBroadcast(group.room, 'message.new', { message })).then(
        () => (outstanding -= 1),
        (error: unknown) => ((outstanding -= 1), (errors += 1), (firstError ??= String(error))),
      );
    };
    close = async () => void (await redis.quit());
  } else {
    const redis = new Redis(redisUrl, { connectionName: 'bench-emitter' });
    redis.on('error', (error) => ((errors += 1), (firstError ??= String(error))));
    const emitter = new Emitter(redis);
    // The emitter does not expose the PUBLISH promise; ioredis sends commands in call order.
    publish = (group, message) => void emitter.to(group.room).emit('message.new', { message });
    close = async () => void (await redis.quit());
  }
}

/**
 * Publishes `rate` messages per second for `seconds`, round-robin over the groups, in ticks of a
 * few milliseconds (each tick catches up to where the schedule says it should be, so a slow tick
 * costs a burst, not a lower rate). Resolves with what was actually achieved.
 */
async function run(step: number, rate: number, seconds: number): Promise<{ published: number; seconds: number; errors: number; firstError?: string }> {
  if (!publish) throw new Error('publisher not initialised');
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  errors = 0;
  firstError = undefined;
  while (sent < total) {
    const due = Math.min(total, Math.floor((rate * (performance.now() - started)) / 1000));
    for (; sent < due; sent++) {
      const g = serial % groups.length;
      const group = groups[g]!;
      const seq = (seqs[g]! += 1);
      const message = benchMessage({
        conversationId: group.id,
        seq,
        senderId: group.memberIds[seq % group.memberIds.length]!,
        step,
        sentAtMs: nowMs(),
        serial: serial++,
      });
      publish(group, message);
    }
    if (sent < total) await sleep(2);
  }
  const elapsed = (performance.now() - started) / 1000;
  while (outstanding > 0) await sleep(1);
  return { published: sent, seconds: elapsed, errors, ...(firstError !== undefined ? { firstError } : {}) };
}

serveRequests({}, async (m) => {
  switch (m.cmd) {
    case 'init':
      init(m.system as SystemId, String(m.redisUrl), m.groups as PublisherGroup[], m.api as SystemUnderTest['api']);
      return {};
    case 'run':
      return run(Number(m.step), Number(m.rate), Number(m.seconds));
    case 'close':
      await close();
      return {};
    default:
      throw new Error(`unknown request ${String(m.cmd)}`);
  }
});
