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
    it('reserves slots atomically up to the limit under concurrency', async () => {
      const key = k('reserve');
      const results = await Promise.all(Array.from({ length: 12 }, () => kv.reserve(key, { limit: 5, ttlMs: 10_000 })));
      expect(results.filter((r) => r.reserved)).toHaveLength(5);
      expect(
        results
          .filter((r) => r.reserved)
          .map((r) => r.count)
          .sort(),
      ).toEqual([1, 2, 3, 4, 5]);
      for (const refused of results.filter((r) => !r.reserved)) {
        expect(refused.count).toBe(5);
        expect(refused.ttlMs).toBeGreaterThan(0);
        expect(refused.ttlMs).toBeLessThanOrEqual(10_000);
      }
      expect((await kv.increment(key, { ttlMs: 10_000, by: 0 })).count).toBe(5);
    });

    it('gives a reserved slot back with release, without creating or going below zero', async () => {
      const key = k('release');
      await kv.reserve(key, { limit: 1, ttlMs: 10_000 });
      expect((await kv.reserve(key, { limit: 1, ttlMs: 10_000 })).reserved).toBe(false);
      await kv.release(key);
      await kv.release(key);
      expect(await kv.get(key)).toBe('0');
      expect((await kv.reserve(key, { limit: 1, ttlMs: 10_000 })).reserved).toBe(true);
      const absent = k('never');
      await kv.release(absent);
      expect(await kv.get(absent)).toBeUndefined();
    });

    it('keeps the window of a reservation: it ends after the TTL of the first one', async () => {
      const key = k('reserve-window');
      expect((await kv.reserve(key, { limit: 1, ttlMs: 100 })).reserved).toBe(true);
      expect((await kv.reserve(key, { limit: 1, ttlMs: 100 })).reserved).toBe(false);
      await sleep(150);
      expect((await kv.reserve(key, { limit: 1, ttlMs: 100 })).reserved).toBe(true);
    });
  });
}
