import type { RealtimeEvent } from '../domain/chat/events.js';

/**
 * Pub/sub between the chat functions and the gateway nodes. Adapters: Redis (sharded pub/sub,
 * `SPUBLISH`/`SSUBSCRIBE`, so a Redis Cluster spreads channels) and memory (one process: the local
 * cloud's default). Both pass `realtime-bus.contract.ts`.
 *
 * Invariants: events published on one channel by one publisher arrive in publish order; delivery
 * is at-most-once (a node that is not subscribed at publish time misses the event: recovery goes
 * through the message store, never through the bus).
 */
export interface RealtimeBus {
  publish(channel: string, event: RealtimeEvent): Promise<void>;
  /** Calls `onEvent` for every event on `channel` until unsubscribed. One handler per channel. */
  subscribe(channel: string, onEvent: (event: RealtimeEvent) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /**
   * Optional: calls `listener` after the bus lost its connection and subscribed again. Events
   * published in between were missed, so a subscriber that keeps positions should re-read them.
   */
  onResubscribed?(listener: () => void): void;
  /**
   * Optional: false while the bus has lost its server (a gateway's `/healthz` reports it). Events
   * published meanwhile are missed; `onResubscribed` follows once it is back. Absent means always up.
   */
  connected?(): boolean;
  close(): Promise<void>;
}

export const conversationChannel = (conversationId: string) => `conv:${conversationId}`;
export const userChannel = (userId: string) => `user:${userId}`;
/**
 * Session revocations, for every gateway node (each subscribes once at start). One channel rather
 * than the user's: a node hears a revocation even while the session's socket is still subscribing.
 */
export const revocationsChannel = 'sessions:revoked';
