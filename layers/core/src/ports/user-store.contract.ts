import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../domain/errors.js';
import type { NewUser, UserStore } from './user-store.js';

export interface UserStoreHarness {
  store: UserStore;
  close(): Promise<void>;
}

/** A random lowercase tag, so suites and test runs can share one database without clashing. */
export const uniqueTag = (length = 10): string => randomUUID().replaceAll('-', '').slice(0, length);

/** A NewUser with a unique username and e-mail (valid per USERNAME_PATTERN); override what a test needs. */
export function aNewUser(overrides: Partial<NewUser> = {}): NewUser {
  const tag = uniqueTag();
  return {
    id: randomUUID(),
    username: `u_${tag}`,
    email: `u_${tag}@example.com`,
    displayName: `User ${tag}`,
    passwordHash: `hash-${tag}`,
    ...overrides,
  };
}

async function conflictOf(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return error as ConflictError;
}

const usernameTaken = { field: 'username', issue: 'is already taken' };
const emailRegistered = { field: 'email', issue: 'is already registered' };

// Opening can be slow (PGlite boots a WebAssembly PostgreSQL, ~3 s idle and far more on a busy machine).
const OPEN_TIMEOUT_MS = 60_000;

/** The behaviour every UserStore adapter must show. Called from each adapter's test file. */
export function describeUserStoreContract(name: string, open: () => Promise<UserStoreHarness>): void {
  describe(`UserStore contract: ${name}`, () => {
    let harness: UserStoreHarness;
    let users: UserStore;

    beforeAll(async () => {
      harness = await open();
      users = harness.store;
    }, OPEN_TIMEOUT_MS);
    afterAll(async () => harness?.close());

    it('creates a user with default notification settings', async () => {
      const input = aNewUser();
      const created = await users.create(input);
      expect(created).toEqual({
        id: input.id,
        username: input.username,
        email: input.email,
        displayName: input.displayName,
        emailNotifications: 'mentions',
        pushEnabled: true,
        doNotDisturb: null,
        directCallsThroughDnd: false,
        createdAt: expect.any(Date),
      });
      expect(Number.isNaN(created.createdAt.getTime())).toBe(false);
      expect(await users.findById(input.id)).toEqual(created);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await users.findById(randomUUID())).toBeUndefined();
    });

    it('rejects a username taken in another case, naming the field', async () => {
      const first = await users.create(aNewUser());
      const clash = aNewUser({ username: first.username.toUpperCase() });
      const error = await conflictOf(users.create(clash));
      expect(error.code).toBe('conflict');
      expect(error.details).toEqual([usernameTaken]);
      expect(await users.findById(clash.id)).toBeUndefined();
    });

    it('rejects an e-mail registered in another case, naming the field', async () => {
      const first = await users.create(aNewUser());
      const clash = aNewUser({ email: first.email.toUpperCase() });
      const error = await conflictOf(users.create(clash));
      expect(error.details).toEqual([emailRegistered]);
      expect(await users.findById(clash.id)).toBeUndefined();
    });

    it('names both fields when both clash, with one user or with two', async () => {
      const a = await users.create(aNewUser());
      const b = await users.create(aNewUser());

      const sameUser = await conflictOf(users.create(aNewUser({ username: a.username.toUpperCase(), email: a.email.toUpperCase() })));
      expect(sameUser.details).toHaveLength(2);
      expect(sameUser.details).toEqual(expect.arrayContaining([usernameTaken, emailRegistered]));

      const twoUsers = await conflictOf(users.create(aNewUser({ username: a.username, email: b.email })));
      expect(twoUsers.details).toHaveLength(2);
      expect(twoUsers.details).toEqual(expect.arrayContaining([usernameTaken, emailRegistered]));
    });

    it('lets only one of two concurrent creates with the same username succeed', async () => {
      const a = aNewUser();
      const results = await Promise.allSettled([users.create(a), users.create(aNewUser({ username: a.username.toUpperCase() }))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);
      expect((rejected[0]!.reason as ConflictError).details).toEqual([usernameTaken]);
    });

    it('finds credentials by username or e-mail in any case', async () => {
      const input = aNewUser();
      const created = await users.create(input);
      for (const login of [input.username, input.username.toUpperCase(), input.email, input.email.toUpperCase()]) {
        expect(await users.findCredentials(login)).toEqual({ user: created, passwordHash: input.passwordHash });
      }
      expect(await users.findCredentials(`nobody_${uniqueTag()}`)).toBeUndefined();
    });

    describe('searchByUsernamePrefix', () => {
      // Every username in this block starts with `ns` (or `literal`), so other tests' users never match.
      // Letters only in the ordered set: how punctuation sorts depends on the database collation.
      const ns = `p${uniqueTag()}`;
      const literal = `q${uniqueTag()}`;
      const create = (username: string) => users.create(aNewUser({ username }));
      const names = async (prefix: string) => (await users.searchByUsernamePrefix(prefix, 10)).map((u) => u.username);

      beforeAll(async () => {
        for (const suffix of ['carol', 'alice', 'bob']) await create(`${ns}${suffix}`);
        for (const suffix of ['a_b', 'axb', 'a%c', 'abc']) await create(`${literal}${suffix}`);
      });

      it('orders by username and honours the limit', async () => {
        const all = await users.searchByUsernamePrefix(ns, 50);
        expect(all.map((u) => u.username)).toEqual([`${ns}alice`, `${ns}bob`, `${ns}carol`]);
        expect(await users.searchByUsernamePrefix(ns, 2)).toEqual(all.slice(0, 2));
        expect(await users.searchByUsernamePrefix(ns, 1)).toEqual(all.slice(0, 1));
      });

      it('returns public fields only', async () => {
        const found = await users.searchByUsernamePrefix(`${ns}bob`, 10);
        expect(found).toEqual([{ id: expect.any(String), username: `${ns}bob`, displayName: expect.any(String) }]);
      });

      it('matches the prefix case-insensitively', async () => {
        expect(await names(`${ns}AL`.toUpperCase())).toEqual([`${ns}alice`]);
      });

      it('treats % and _ in the prefix literally', async () => {
        expect(await names(`${literal}a_`)).toEqual([`${literal}a_b`]);
        expect(await names(`${literal}a%`)).toEqual([`${literal}a%c`]);
        expect(await names(`${literal}%`)).toEqual([]);
        expect(await names(`${literal}_`)).toEqual([]);
        expect(await names(`${literal}a\\`)).toEqual([]);
      });

      it('finds nothing for an unused prefix', async () => {
        expect(await names(`${ns}zzz`)).toEqual([]);
      });
    });

    it('updates only the given fields', async () => {
      const created = await users.create(aNewUser());

      const renamed = await users.update(created.id, { displayName: 'New Name' });
      expect(renamed).toEqual({ ...created, displayName: 'New Name' });

      const muted = await users.update(created.id, { pushEnabled: false, emailNotifications: 'off' });
      expect(muted).toEqual({ ...created, displayName: 'New Name', pushEnabled: false, emailNotifications: 'off' });

      const unchanged = await users.update(created.id, {});
      expect(unchanged).toEqual(muted);
      expect(await users.findById(created.id)).toEqual(muted);
    });

    it('sets, keeps and clears do-not-disturb hours', async () => {
      const created = await users.create(aNewUser());
      const doNotDisturb = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
      const quiet = await users.update(created.id, { doNotDisturb });
      expect(quiet).toEqual({ ...created, doNotDisturb });
      expect(await users.update(created.id, { pushEnabled: false })).toEqual({ ...quiet, pushEnabled: false });
      expect(await users.update(created.id, { doNotDisturb: null })).toEqual({ ...created, pushEnabled: false, doNotDisturb: null });
      expect((await users.findById(created.id))?.doNotDisturb).toBeNull();
    });

    it('returns undefined when updating an unknown id', async () => {
      expect(await users.update(randomUUID(), { displayName: 'Ghost' })).toBeUndefined();
    });
  });
}
