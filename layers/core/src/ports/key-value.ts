/**
 * Key-value store for caches, counters and short-lived state (sessions, rate limits). Adapters:
 * Redis (shared by every instance) and memory (one process). Both pass `key-value.contract.ts`.
 *
 * Invariants: a key with a TTL is gone (reads as absent) once the TTL has passed; `increment` is
 * atomic across concurrent callers and sets the TTL only when it creates the key, so a fixed window
 * is never extended by later hits. `reserve` and `release` are atomic in the same way, so a limit
 * checked with `reserve` holds however many callers race for the last slot.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Sets the key only if absent; returns whether it was set. */
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
  /** Adds `by` (default 1) and returns the new count with the key's remaining TTL in ms. */
  increment(key: string, options: { ttlMs: number; by?: number }): Promise<{ count: number; ttlMs: number }>;
  /**
   * Adds 1 only while the count is below `limit` (creating the key with `ttlMs`, like `increment`);
   * returns whether a slot was taken, the count after the call and the remaining TTL in ms.
   */
  reserve(key: string, options: { limit: number; ttlMs: number }): Promise<{ reserved: boolean; count: number; ttlMs: number }>;
  /** Gives one slot back: subtracts 1 from an existing positive count; never creates the key. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
