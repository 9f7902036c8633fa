import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { PresenceStore } from './presence-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The behaviour every PresenceStore adapter must show. `open(ttlMs)` is called once per store; two
 * stores opened on the same backing state stand for two gateway nodes (memory adapters share a
 * registry for that). Tests use a short TTL so expiry is observable.
 */
export function describePresenceStoreContract(name: string, open: (ttlMs: number) => Promise<PresenceStore>): void {
  describe(`PresenceStore contract: ${name}`, () => {
    const TTL = 150;
    let a: PresenceStore;
    let b: PresenceStore;
    const user = () => `u-${randomUUID()}`;

    beforeAll(async () => {
      a = await open(TTL);
      b = await open(TTL);
    });
    afterAll(async () => {
      await a.close();
      await b.close();
    });

    it('keeps a user online while any connection is live, across nodes', async () => {
      const u = user();
      expect(await a.isOnline(u)).toBe(false);
      expect(await a.connect({ userId: u, connectionId: 'c1' }, ['conv-1'])).toEqual({ cameOnline: true });
      expect(await b.connect({ userId: u, connectionId: 'c2' }, ['conv-1'])).toEqual({ cameOnline: false });
      expect(await b.isOnline(u)).toBe(true);
      expect((await a.disconnect({ userId: u, connectionId: 'c1' })).wentOffline).toBe(false);
      expect(await a.isOnline(u)).toBe(true);
      const last = await b.disconnect({ userId: u, connectionId: 'c2' });
      expect(last.wentOffline).toBe(true);
      expect(Math.abs(last.lastSeenAt.getTime() - Date.now())).toBeLessThan(5_000);
      expect(await a.isOnline(u)).toBe(false);
    });

    it('lists which of some users are online, with the conversations of their latest connect', async () => {
      const [u1, u2, u3] = [user(), user(), user()];
      await a.connect({ userId: u1, connectionId: 'c1' }, ['conv-1']);
      await b.connect({ userId: u1, connectionId: 'c2' }, ['conv-1', 'conv-2']);
      await a.connect({ userId: u2, connectionId: 'c3' }, []);
      await a.disconnect({ userId: u2, connectionId: 'c3' });
      expect(await b.online([])).toEqual([]);
      const found = await b.online([u1, u2, u3, u1]);
      expect(found.map((f) => ({ ...f, conversationIds: [...f.conversationIds].sort() }))).toEqual([{ userId: u1, conversationIds: ['conv-1', 'conv-2'] }]);
      // Joined and left after connecting (only a connected user's list changes).
      await a.recordMembership(u1, 'conv-3', true);
      await a.recordMembership(u1, 'conv-1', false);
      await a.recordMembership(u3, 'conv-3', true);
      expect((await b.online([u1, u3])).map((f) => [...f.conversationIds].sort())).toEqual([['conv-2', 'conv-3']]);
      await sleep(TTL + 50);
      expect(await a.online([u1])).toEqual([]);
    });

    it('reports a disconnect of an unknown or already removed connection as no transition', async () => {
      const u = user();
      expect((await a.disconnect({ userId: u, connectionId: 'never' })).wentOffline).toBe(false);
      await a.connect({ userId: u, connectionId: 'c1' }, []);
      expect((await a.disconnect({ userId: u, connectionId: 'c1' })).wentOffline).toBe(true);
      expect((await b.disconnect({ userId: u, connectionId: 'c1' })).wentOffline).toBe(false);
    });

    it('keeps heartbeated connections alive past the TTL', async () => {
      const u = user();
      await a.connect({ userId: u, connectionId: 'c1' }, []);
      // Heartbeats every quarter TTL for two TTLs: a stall of up to three quarters of one (a busy
      // machine) still leaves the connection alive, as it would in production.
      for (let i = 0; i < 8; i++) {
        await sleep(TTL / 4);
        expect((await a.heartbeat([{ userId: u, connectionId: 'c1' }])).missing).toEqual([]);
      }
      expect(await b.isOnline(u)).toBe(true);
      await a.disconnect({ userId: u, connectionId: 'c1' });
    });

    it('expires a crashed node’s connections, and one sweep claims each user exactly once', async () => {
      const u = user();
      const conn = { userId: u, connectionId: 'crashed' };
      await a.connect(conn, ['conv-x', 'conv-y']);
      const connectedAt = Date.now();
      await sleep(TTL + 80);
      expect(await b.isOnline(u)).toBe(false);
      const [fromA, fromB] = await Promise.all([a.sweep(1_000), b.sweep(1_000)]);
      const claims = [...fromA, ...fromB].filter((o) => o.userId === u);
      expect(claims).toHaveLength(1);
      expect(claims[0]!.conversationIds.sort()).toEqual(['conv-x', 'conv-y']);
      expect(Math.abs(claims[0]!.lastSeenAt.getTime() - connectedAt)).toBeLessThan(1_000);
      expect((await a.sweep(1_000)).filter((o) => o.userId === u)).toEqual([]);
      // The crashed node's own late disconnect or heartbeat must not report the user twice.
      expect((await a.disconnect(conn)).wentOffline).toBe(false);
      expect((await a.heartbeat([conn])).missing).toEqual([conn]);
    });

    it('does not sweep a user who still has a live connection', async () => {
      const u = user();
      await a.connect({ userId: u, connectionId: 'old' }, ['conv-1']);
      await sleep(TTL + 50);
      expect(await b.connect({ userId: u, connectionId: 'new' }, ['conv-1'])).toEqual({ cameOnline: true });
      expect((await a.sweep(1_000)).filter((o) => o.userId === u)).toEqual([]);
      expect(await a.isOnline(u)).toBe(true);
      expect((await b.disconnect({ userId: u, connectionId: 'new' })).wentOffline).toBe(true);
    });
  });
}
