import type { OfflineUser, PresenceConnection, PresenceStore } from '../../ports/presence-store.js';

interface UserPresence {
  /** connection id → last heartbeat (ms). */
  connections: Map<string, number>;
  conversationIds: string[];
}

/** The shared state of one process's presence; gateway nodes in one process share one. */
export type MemoryPresenceState = Map<string, UserPresence>;

export interface MemoryPresenceOptions {
  ttlMs: number;
  state?: MemoryPresenceState;
  now?: () => number;
}

/** One process's presence: the local cloud's default and the multi-node tests'. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly users: MemoryPresenceState;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: MemoryPresenceOptions) {
    this.users = options.state ?? new Map();
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  async connect({ userId, connectionId }: PresenceConnection, conversationIds: string[]): Promise<{ cameOnline: boolean }> {
    let user = this.users.get(userId);
    if (user) this.purge(user);
    else this.users.set(userId, (user = { connections: new Map(), conversationIds: [] }));
    const cameOnline = user.connections.size === 0;
    user.connections.set(connectionId, this.now());
    user.conversationIds = [...conversationIds];
    return { cameOnline };
  }

  async heartbeat(connections: PresenceConnection[]): Promise<{ missing: PresenceConnection[] }> {
    const missing: PresenceConnection[] = [];
    const now = this.now();
    for (const c of connections) {
      const user = this.users.get(c.userId);
      const last = user?.connections.get(c.connectionId);
      if (user && last !== undefined && last > now - this.ttlMs) user.connections.set(c.connectionId, now);
      else missing.push(c);
    }
    return { missing };
  }

  async disconnect({ userId, connectionId }: PresenceConnection): Promise<{ wentOffline: boolean; lastSeenAt: Date }> {
    const lastSeenAt = new Date(this.now());
    const user = this.users.get(userId);
    if (!user) return { wentOffline: false, lastSeenAt };
    const removed = user.connections.delete(connectionId);
    const purged = this.purge(user).count;
    if (user.connections.size > 0) return { wentOffline: false, lastSeenAt };
    this.users.delete(userId);
    return { wentOffline: removed || purged > 0, lastSeenAt };
  }

  async isOnline(userId: string): Promise<boolean> {
    const user = this.users.get(userId);
    return user !== undefined && [...user.connections.values()].some((t) => t > this.now() - this.ttlMs);
  }

  async online(userIds: string[]): Promise<{ userId: string; conversationIds: string[] }[]> {
    const found = [];
    for (const userId of new Set(userIds))
      if (await this.isOnline(userId)) found.push({ userId, conversationIds: [...this.users.get(userId)!.conversationIds] });
    return found;
  }

  async recordMembership(userId: string, conversationId: string, member: boolean): Promise<void> {
    const user = this.users.get(userId);
    if (!user) return;
    user.conversationIds = user.conversationIds.filter((id) => id !== conversationId);
    if (member) user.conversationIds.push(conversationId);
  }

  async sweep(limit = 100): Promise<OfflineUser[]> {
    const offline: OfflineUser[] = [];
    for (const [userId, user] of this.users) {
      if (offline.length >= limit) break;
      const { count, lastSeen } = this.purge(user);
      if (user.connections.size > 0) continue;
      this.users.delete(userId);
      if (count > 0) offline.push({ userId, lastSeenAt: new Date(lastSeen), conversationIds: user.conversationIds });
    }
    return offline;
  }

  async close(): Promise<void> {}

  private purge(user: UserPresence): { count: number; lastSeen: number } {
    const cutoff = this.now() - this.ttlMs;
    let count = 0;
    let lastSeen = 0;
    for (const [id, t] of user.connections) {
      if (t > cutoff) continue;
      user.connections.delete(id);
      count++;
      lastSeen = Math.max(lastSeen, t);
    }
    return { count, lastSeen };
  }
}
