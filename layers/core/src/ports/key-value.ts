/**
 * Key-value store for caches, counters and short-lived state (sessions, rate limits). Adapters:
 * Redis (shared by every instance) and memory (one process). Both pass `key-value.contract.ts`.
 *
 * Invariants: a key with a TTL is gone (reads as absent) once the TTL has passed; `increment` is
 * atomic across concurrent callers and sets the TTL only when it creates the key, so a fixed window
 * is never extended by later hits.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Sets the key only if absent; returns whether it was set. */
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
  /** Adds `by` (default 1) and returns the new count with the key's remaining TTL in ms. */
  increment(key: string, options: { ttlMs: number; by?: number }): Promise<{ count: number; ttlMs: number }>;
  close(): Promise<void>;
}
