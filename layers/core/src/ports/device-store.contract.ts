import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DeviceStore } from './device-store.js';

export interface DeviceStoreHarness {
  store: DeviceStore;
  /** Creates a user that devices can belong to (registrations reference users) and returns its id. */
  makeUser(): Promise<string>;
  close(): Promise<void>;
}

// Push tokens are unique across all users, so every test needs fresh ones when suites share a database.
const pushToken = () => `push-${randomUUID()}`;

// Opening can be slow (PGlite boots a WebAssembly PostgreSQL, ~3 s idle and far more on a busy machine).
const OPEN_TIMEOUT_MS = 60_000;

/** The behaviour every DeviceStore adapter must show. Called from each adapter's test file. */
export function describeDeviceStoreContract(name: string, open: () => Promise<DeviceStoreHarness>): void {
  describe(`DeviceStore contract: ${name}`, () => {
    let harness: DeviceStoreHarness;
    let devices: DeviceStore;

    beforeAll(async () => {
      harness = await open();
      devices = harness.store;
    }, OPEN_TIMEOUT_MS);
    afterAll(async () => harness?.close());

    it('registers a device, then updates the same registration', async () => {
      const userId = await harness.makeUser();
      const first = pushToken();
      const created = await devices.upsert({ userId, deviceId: 'phone', platform: 'android', pushToken: first });
      expect(created).toEqual({ deviceId: 'phone', platform: 'android', pushToken: first, updatedAt: expect.any(Date) });
      expect(await devices.listForUser(userId)).toEqual([created]);

      const second = pushToken();
      const updated = await devices.upsert({ userId, deviceId: 'phone', platform: 'ios', pushToken: second });
      expect(updated).toEqual({ deviceId: 'phone', platform: 'ios', pushToken: second, updatedAt: expect.any(Date) });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      expect(await devices.listForUser(userId)).toEqual([updated]);
    });

    it('re-registering the same token on the same device keeps one registration', async () => {
      const userId = await harness.makeUser();
      const token = pushToken();
      await devices.upsert({ userId, deviceId: 'tab', platform: 'web', pushToken: token });
      await devices.upsert({ userId, deviceId: 'tab', platform: 'web', pushToken: token });
      expect((await devices.listForUser(userId)).map((d) => [d.deviceId, d.pushToken])).toEqual([['tab', token]]);
    });

    it("moves a push token registered by another user away from the first user's device", async () => {
      const alice = await harness.makeUser();
      const bob = await harness.makeUser();
      const token = pushToken();
      await devices.upsert({ userId: alice, deviceId: 'phone', platform: 'android', pushToken: token });
      await devices.upsert({ userId: alice, deviceId: 'laptop', platform: 'web', pushToken: pushToken() });

      await devices.upsert({ userId: bob, deviceId: 'second-hand-phone', platform: 'android', pushToken: token });

      expect((await devices.listForUser(alice)).map((d) => d.deviceId)).toEqual(['laptop']);
      expect((await devices.listForUser(bob)).map((d) => [d.deviceId, d.pushToken])).toEqual([['second-hand-phone', token]]);
    });

    it('leaves a push token registered concurrently on several devices with exactly one of them', async () => {
      const users = await Promise.all(Array.from({ length: 4 }, () => harness.makeUser()));
      const token = pushToken();
      const results = await Promise.allSettled(users.map((userId) => devices.upsert({ userId, deviceId: 'phone', platform: 'android', pushToken: token })));
      expect(results.map((r) => r.status)).toEqual(users.map(() => 'fulfilled'));
      const holders = (await Promise.all(users.map((u) => devices.listForUser(u)))).flat();
      expect(holders.map((d) => d.pushToken)).toEqual([token]);
    });

    it("moves a push token between one user's devices", async () => {
      const userId = await harness.makeUser();
      const token = pushToken();
      await devices.upsert({ userId, deviceId: 'old', platform: 'ios', pushToken: token });
      await devices.upsert({ userId, deviceId: 'new', platform: 'ios', pushToken: token });
      expect((await devices.listForUser(userId)).map((d) => [d.deviceId, d.pushToken])).toEqual([['new', token]]);
    });

    it('removes a registration, reporting whether one existed', async () => {
      const userId = await harness.makeUser();
      await devices.upsert({ userId, deviceId: 'phone', platform: 'ios', pushToken: pushToken() });
      expect(await devices.remove(userId, 'phone')).toBe(true);
      expect(await devices.remove(userId, 'phone')).toBe(false);
      expect(await devices.remove(userId, 'never-registered')).toBe(false);
      expect(await devices.listForUser(userId)).toEqual([]);
    });

    it('removes the registration holding a rejected push token, and only that one', async () => {
      const userId = await harness.makeUser();
      const dead = pushToken();
      const alive = pushToken();
      await devices.upsert({ userId, deviceId: 'old-phone', platform: 'android', pushToken: dead });
      await devices.upsert({ userId, deviceId: 'new-phone', platform: 'ios', pushToken: alive });
      expect(await devices.removeByPushToken(dead)).toBe(true);
      expect(await devices.removeByPushToken(dead)).toBe(false);
      expect(await devices.removeByPushToken(pushToken())).toBe(false);
      expect((await devices.listForUser(userId)).map((d) => d.pushToken)).toEqual([alive]);
    });

    it("lists a user's devices ordered by device id", async () => {
      const userId = await harness.makeUser();
      for (const deviceId of ['d-c', 'd-a', 'd-b']) await devices.upsert({ userId, deviceId, platform: 'web', pushToken: pushToken() });
      expect((await devices.listForUser(userId)).map((d) => d.deviceId)).toEqual(['d-a', 'd-b', 'd-c']);
    });

    it('lists nothing for a user without devices', async () => {
      expect(await devices.listForUser(await harness.makeUser())).toEqual([]);
    });

    it('keeps users isolated, even with the same device id', async () => {
      const alice = await harness.makeUser();
      const bob = await harness.makeUser();
      const aliceToken = pushToken();
      const bobToken = pushToken();
      await devices.upsert({ userId: alice, deviceId: 'phone', platform: 'android', pushToken: aliceToken });
      await devices.upsert({ userId: bob, deviceId: 'phone', platform: 'ios', pushToken: bobToken });

      expect((await devices.listForUser(alice)).map((d) => [d.platform, d.pushToken])).toEqual([['android', aliceToken]]);
      expect((await devices.listForUser(bob)).map((d) => [d.platform, d.pushToken])).toEqual([['ios', bobToken]]);

      expect(await devices.remove(alice, 'phone')).toBe(true);
      expect(await devices.listForUser(alice)).toEqual([]);
      expect((await devices.listForUser(bob)).map((d) => d.pushToken)).toEqual([bobToken]);
    });
  });
}
