import { isRedisClusterUrl } from '../../config/redis-url.js';
import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { RealtimeBus } from '../../ports/realtime-bus.js';
import { createRedisClient, isCluster, type RedisClient } from './client.js';
import { ignoreReconnectErrors, rethrowRedisError } from './redis-error.js';
import { keySlot } from './key-slot.js';
import { SubscribeBatches } from './subscribe-batches.js';

type Handler = (event: RealtimeEvent) => void;

export interface RedisRealtimeBusOptions {
  /** Prepended to every channel name, so environments can share one Redis. */
  prefix?: string;
  onHandlerError?: (error: unknown, channel: string) => void;
}

/**
 * Sharded pub/sub: `SPUBLISH` on a normal connection, `SSUBSCRIBE` on a dedicated one (a subscribed
 * connection can run nothing else). With a Redis Cluster each channel lives on its key's shard.
 *
 * Reconnects: ioredis (`autoResubscribe`, on by default) sends `SSUBSCRIBE` again for every shard
 * channel when the subscriber connection is back; events published while it was down are lost, which
 * is why `onResubscribed` listeners are told.
 *
 * On a Redis Cluster (`redis+cluster://` URL) `sub` is an ioredis `Cluster` with `shardedSubscribers`:
 * one subscriber connection per master, each SSUBSCRIBE sent to the master owning the channel's slot.
 * A lost subscriber connection is replaced after a slots refresh, which then subscribes its channels
 * again and emits `subscribersReady`.
 */
export class RedisRealtimeBus implements RealtimeBus {
  private readonly handlers = new Map<string, Handler>();
  private readonly resubscribedListeners: (() => void)[] = [];
  private readonly prefix: string;
  private readonly onHandlerError: (error: unknown, channel: string) => void;
  private wasConnected = false;
  // Cluster: `subscribersReady` also fires while connecting; it means "again" only after a subscription.
  private subscribed = false;
  private closed = false;
  // One SSUBSCRIBE per loop turn; on a cluster one per slot, since a command may only name
  // channels of one slot (and goes to the master that owns it).
  private readonly subscribes = new SubscribeBatches(
    (channels) => this.sub.ssubscribe(...channels),
    (channel) => (isCluster(this.sub) ? keySlot(channel) : 0),
  );

  constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    options: RedisRealtimeBusOptions = {},
  ) {
    this.prefix = options.prefix ?? '';
    this.onHandlerError = options.onHandlerError ?? ((error, channel) => console.error(`realtime bus handler for ${channel} threw`, error));
    ignoreReconnectErrors(pub);
    ignoreReconnectErrors(sub);
    sub.on('smessage', (channel: string, payload: string) => this.dispatch(channel, payload));
    if (isCluster(sub)) {
      sub.on('subscribersReady', () => {
        if (this.subscribed) this.notifyResubscribed();
      });
      return;
    }
    sub.on('ready', () => this.onReady());
    if (sub.status === 'ready') this.wasConnected = true;
  }

  static connect(url: string, options: RedisRealtimeBusOptions & { name?: string } = {}): RedisRealtimeBus {
    const name = options.name ?? 'realtime-bus';
    const pub = createRedisClient(url, { maxRetriesPerRequest: 2, connectionName: `${name}-pub`, enableAutoPipelining: true });
    // Commands on the subscriber wait through a reconnect instead of failing: SSUBSCRIBE must land.
    // No ready check: ioredis writes SSUBSCRIBE (a `loading`-flagged command) before the check's INFO,
    // which Redis then refuses in subscriber mode, failing the reconnect. (A cluster's ready check runs
    // on its normal connections, never on the subscribers, so it keeps it.)
    const sub = createRedisClient(url, {
      maxRetriesPerRequest: null,
      autoResubscribe: true,
      connectionName: `${name}-sub`,
      ...(isRedisClusterUrl(url) ? { cluster: { shardedSubscribers: true } } : { enableReadyCheck: false }),
    });
    return new RedisRealtimeBus(pub, sub, options);
  }

  async publish(channel: string, event: RealtimeEvent): Promise<void> {
    await this.pub.spublish(this.prefix + channel, JSON.stringify(event)).catch(rethrowRedisError);
  }

  async subscribe(channel: string, onEvent: Handler): Promise<void> {
    if (this.closed) throw new Error('RealtimeBus is closed');
    this.handlers.set(this.prefix + channel, onEvent);
    await this.subscribes.subscribe(this.prefix + channel).catch(rethrowRedisError);
    this.subscribed = true;
  }

  async unsubscribe(channel: string): Promise<void> {
    // The handler goes first: messages already on the wire for this channel are dropped.
    if (!this.handlers.delete(this.prefix + channel) || this.closed) return;
    this.subscribes.flush();
    await this.sub.sunsubscribe(this.prefix + channel).catch(rethrowRedisError);
  }

  /** Both connections are up; `sub` without a ready check is `ready` once it connected. */
  connected(): boolean {
    return !this.closed && this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  onResubscribed(listener: () => void): void {
    this.resubscribedListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    await Promise.all([this.pub, this.sub].map((r) => r.quit().catch(() => r.disconnect())));
  }

  private dispatch(channel: string, payload: string): void {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(payload) as RealtimeEvent;
    } catch (error) {
      this.onHandlerError(error, channel);
      return;
    }
    try {
      handler(event);
    } catch (error) {
      this.onHandlerError(error, channel);
    }
  }

  private onReady(): void {
    if (!this.wasConnected) {
      this.wasConnected = true;
      return;
    }
    if (this.closed || this.handlers.size === 0) return;
    // ioredis queued the SSUBSCRIBEs in its ready handler; a PING behind them answers once they are done.
    this.sub
      .ping()
      .then(() => this.notifyResubscribed())
      .catch(() => undefined);
  }

  private notifyResubscribed(): void {
    if (this.closed || this.handlers.size === 0) return;
    for (const listener of this.resubscribedListeners) listener();
  }
}
