export interface PresenceConnection {
  userId: string;
  connectionId: string;
}

export interface OfflineUser {
  userId: string;
  /** The last heartbeat of the user's last connection. */
  lastSeenAt: Date;
  /** The conversations recorded at the user's latest connect: where to announce that they left. */
  conversationIds: string[];
}

/**
 * Who is online, shared by every gateway node. Adapters: Redis (per-user sorted set of connection
 * ids scored by last heartbeat) and memory (one process). Both pass `presence-store.contract.ts`.
 *
 * Invariants: a connection is live until `ttlMs` (a store setting, the same on every node) after its
 * last connect or heartbeat; a user is online while any of their connections is live. Each
 * online → offline transition is reported exactly once across all callers: either by the
 * `disconnect` that removed the last live connection, or by one `sweep` that found them all expired
 * (a crashed node). `connect` reports `cameOnline` when the user had no live connection before.
 */
export interface PresenceStore {
  connect(connection: PresenceConnection, conversationIds: string[]): Promise<{ cameOnline: boolean }>;
  /** Refreshes live connections; returns those that had already expired (they are not recreated). */
  heartbeat(connections: PresenceConnection[]): Promise<{ missing: PresenceConnection[] }>;
  disconnect(connection: PresenceConnection): Promise<{ wentOffline: boolean; lastSeenAt: Date }>;
  isOnline(userId: string): Promise<boolean>;
  /**
   * Those of `userIds` online now, each with the conversations recorded at their latest connect
   * (the gateway answers a presence query only about users who share one with the asker).
   */
  online(userIds: string[]): Promise<{ userId: string; conversationIds: string[] }[]>;
  /** A connected user joined or left a conversation after connecting: `online` lists it accordingly. */
  recordMembership(userId: string, conversationId: string, member: boolean): Promise<void>;
  /** Claims up to `limit` users whose every connection expired; each is returned to one caller only. */
  sweep(limit?: number): Promise<OfflineUser[]>;
  close(): Promise<void>;
}
