import { conversationChannel, type RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { PresenceStore } from '@chat/core/ports/presence-store';
import { KeyedSerialQueue } from '@chat/core/runtime/keyed-serial-queue';
import type { Logger } from '@chat/core/runtime/logger';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import { ROUND_SLICES, Rounds } from './rounds.js';

export interface PresenceDeps {
  store: PresenceStore;
  bus: RealtimeBus;
  hub: Hub;
  log: Logger;
  heartbeatMs: number;
  sweepMs: number;
  now?: () => number;
}

/**
 * Online/offline for the users connected to this node. The store decides the transitions (a user is
 * online while any connection on any node is live); this node announces the ones it is told about on
 * each of the user's conversation channels, where only members sharing a conversation listen.
 */
export class PresenceService {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly heartbeats: Rounds<Connection>;
  /** Per connection, its presence calls in order, so a quick close never overtakes the connect. */
  private readonly ops = new KeyedSerialQueue();

  constructor(private readonly deps: PresenceDeps) {
    this.heartbeats = new Rounds(
      deps.heartbeatMs,
      ROUND_SLICES,
      () => deps.hub.connections(),
      (conns) => void this.heartbeat(conns),
    );
  }

  start(): void {
    this.heartbeats.start();
    this.timers.push(setInterval(() => void this.sweep(), this.deps.sweepMs));
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    this.heartbeats.stop();
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  connected(conn: Connection): Promise<void> {
    return this.queue(conn.id, async () => {
      const conversationIds = conn.conversationIds();
      const { cameOnline } = await this.deps.store.connect({ userId: conn.userId, connectionId: conn.id }, conversationIds);
      if (cameOnline) await this.announce(conn.userId, 'online', new Date(this.now()), conversationIds);
    });
  }

  /** `conversationIds` as the connection had them when it closed. */
  disconnected(conn: Connection, conversationIds: string[]): Promise<void> {
    return this.queue(conn.id, async () => {
      const { wentOffline, lastSeenAt } = await this.deps.store.disconnect({ userId: conn.userId, connectionId: conn.id });
      if (wentOffline) await this.announce(conn.userId, 'offline', lastSeenAt, conversationIds);
    });
  }

  /**
   * Answers `presence.query`: one `presence` frame per asked user online now who shares a
   * conversation with the asker (as announcements reach only them). Their conversations are those
   * recorded at their latest connect, kept current by membership changes.
   * Offline users get no frame: their last-seen time is announced when they go offline.
   */
  async query(conn: Connection, userIds: string[]): Promise<void> {
    const mine = new Set(conn.conversationIds());
    const lastSeenAt = new Date(this.now()).toISOString();
    for (const user of await this.deps.store.online(userIds.filter((id) => id !== conn.userId)))
      if (user.conversationIds.some((id) => mine.has(id))) conn.send({ type: 'presence', userId: user.userId, status: 'online', lastSeenAt });
  }

  /** Keeps the store's conversations of a connected user current (what `query` checks sharing by). */
  recordMembership(userId: string, conversationId: string, member: boolean): Promise<void> {
    return this.deps.store
      .recordMembership(userId, conversationId, member)
      .catch((err: unknown) => this.deps.log.warn({ err, userId }, 'presence membership update failed'));
  }

  /** Resolves when every queued presence update has finished (before the stores are closed). */
  settled(): Promise<void> {
    return this.ops.settled();
  }

  /** Refreshes these connections' entries in the store (a slice of the node's, see Rounds). */
  private async heartbeat(batch: Connection[]): Promise<void> {
    const conns = batch.filter((c) => c.ready);
    try {
      const { missing } = await this.deps.store.heartbeat(conns.map((c) => ({ userId: c.userId, connectionId: c.id })));
      // Expired under us (this node stalled past the TTL and was swept): register them again.
      const lost = new Set(missing.map((m) => m.connectionId));
      await Promise.all(conns.filter((c) => lost.has(c.id) && c.transport.isOpen()).map((c) => this.connected(c)));
    } catch (err) {
      this.deps.log.warn({ err }, 'presence heartbeat failed');
    }
  }

  /** Announces users whose every connection expired (their node crashed); any node may claim them. */
  async sweep(): Promise<void> {
    try {
      for (const user of await this.deps.store.sweep(500)) await this.announce(user.userId, 'offline', user.lastSeenAt, user.conversationIds);
    } catch (err) {
      this.deps.log.warn({ err }, 'presence sweep failed');
    }
  }

  private async announce(userId: string, status: 'online' | 'offline', at: Date, conversationIds: string[]): Promise<void> {
    const event = { type: 'presence' as const, userId, status, lastSeenAt: at.toISOString() };
    await Promise.all(conversationIds.map((id) => this.deps.bus.publish(conversationChannel(id), event)));
  }

  private queue(connectionId: string, op: () => Promise<void>): Promise<void> {
    return this.ops.run(connectionId, () => op().catch((err: unknown) => this.deps.log.warn({ err, connectionId }, 'presence update failed')));
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}
