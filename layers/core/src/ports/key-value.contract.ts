import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from './key-value.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The behaviour every KeyValueStore adapter must show. Called from each adapter's test file. */
export function describeKeyValueContract(name: string, open: () => Promise<KeyValueStore>): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    let kv: KeyValueStore;
    const k = (s: string) => `contract:${randomUUID()}:${s}`;

    beforeAll(async () => {
      kv = await open();
    });
    afterAll(async () => kv.close());

    it('stores, reads and deletes values', async () => {
      const a = k('a');
      const b = k('b');
      expect(await kv.get(a)).toBeUndefined();
      await kv.set(a, 'one');
      await kv.set(b, 'two');
      expect(await kv.get(a)).toBe('one');
      await kv.delete(a, b);
      expect(await kv.get(a)).toBeUndefined();
      expect(await kv.get(b)).toBeUndefined();
    });

    it('forgets a value once its TTL has passed', async () => {
      const key = k('ttl');
      await kv.set(key, 'soon gone', { ttlMs: 60 });
      expect(await kv.get(key)).toBe('soon gone');
      await sleep(120);
      expect(await kv.get(key)).toBeUndefined();
    });

    it('sets only absent keys with setIfAbsent', async () => {
      const key = k('nx');
      expect(await kv.setIfAbsent(key, 'first', { ttlMs: 5_000 })).toBe(true);
      expect(await kv.setIfAbsent(key, 'second')).toBe(false);
      expect(await kv.get(key)).toBe('first');
    });

    it('increments atomically under concurrency', async () => {
      const key = k('counter');
      const results = await Promise.all(Array.from({ length: 50 }, () => kv.increment(key, { ttlMs: 10_000 })));
      expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await kv.increment(key, { ttlMs: 10_000, by: 5 })).count).toBe(55);
    });

    it('sets the window TTL on creation only, and starts over after it', async () => {
      const key = k('window');
      const first = await kv.increment(key, { ttlMs: 150 });
      expect(first.ttlMs).toBeGreaterThan(0);
      expect(first.ttlMs).toBeLessThanOrEqual(150);
      await sleep(60);
      const second = await kv.increment(key, { ttlMs: 150 });
      expect(second.count).toBe(2);
      expect(second.ttlMs).toBeLessThanOrEqual(100);
      await sleep(150);
      expect((await kv.increment(key, { ttlMs: 150 })).count).toBe(1);
    });
  });
}
