import type { KeyValueStore } from '../../ports/key-value.js';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** One process's key-value store: the local cloud's default and the unit tests'. */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Expired keys are invisible on read; the sweep only bounds memory.
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    this.entries.set(key, { value, expiresAt: options.ttlMs ? this.now() + options.ttlMs : undefined });
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, options);
    return true;
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async increment(key: string, options: { ttlMs: number; by?: number }): Promise<{ count: number; ttlMs: number }> {
    const entry = this.live(key);
    const count = (entry ? Number(entry.value) : 0) + (options.by ?? 1);
    const expiresAt = entry?.expiresAt ?? this.now() + options.ttlMs;
    this.entries.set(key, { value: String(count), expiresAt });
    return { count, ttlMs: expiresAt - this.now() };
  }

  private remaining(entry: Entry): number {
    return entry.expiresAt === undefined ? -1 : entry.expiresAt - this.now();
  }

  async reserve(key: string, options: { limit: number; ttlMs: number }): Promise<{ reserved: boolean; count: number; ttlMs: number }> {
    const entry = this.live(key);
    const count = entry ? Number(entry.value) : 0;
    if (count >= options.limit) return { reserved: false, count, ttlMs: entry ? this.remaining(entry) : 0 };
    return { reserved: true, ...(await this.increment(key, { ttlMs: options.ttlMs })) };
  }

  async release(key: string): Promise<void> {
    const entry = this.live(key);
    if (entry && Number(entry.value) > 0) entry.value = String(Number(entry.value) - 1);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const key of this.entries.keys()) this.live(key);
  }
}
