import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaKeys, pendingMedia, type Media } from '../domain/media/media.js';
import type { ConversationStore } from './conversation-store.js';
import type { MediaStore } from './media-store.js';

export interface MediaStoreFixture {
  store: MediaStore;
  conversations: ConversationStore;
  makeUser(username: string): Promise<string>;
  close(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2031, 0, 1, 0, 0, s));

/** The behaviour every MediaStore adapter must show. */
export function describeMediaStoreContract(name: string, open: () => Promise<MediaStoreFixture>): void {
  describe(`MediaStore contract: ${name}`, () => {
    let f: MediaStoreFixture;
    let s: MediaStore;
    let alice: string;
    let bob: string;
    let conversationId: string;
    const msg = (clientMsgId: string) => ({ conversationId, senderId: alice, clientMsgId });
    const pending = (s0 = 0): Media =>
      pendingMedia({
        id: randomUUID(),
        ownerId: alice,
        conversationId,
        fileName: 'holiday photo.jpg',
        declaredType: 'image/jpeg',
        declaredSize: 5_000_000_000,
        at: at(s0),
      });
    const ready = async (s0 = 0) => {
      const m = pending(s0);
      await s.create(m);
      return (await s.markReady(
        m.id,
        { contentType: 'image/jpeg', size: 1234, objectKey: mediaKeys.final(conversationId, m.id), processedAt: null },
        at(s0 + 1),
      ))!;
    };

    beforeAll(async () => {
      f = await open();
      s = f.store;
      alice = await f.makeUser(`alice_${randomUUID().slice(0, 8)}`);
      bob = await f.makeUser(`bob_${randomUUID().slice(0, 8)}`);
      conversationId = (await f.conversations.createGroup({ id: randomUUID(), title: 'media', ownerId: alice, memberIds: [bob], at: at(0) })).id;
    });
    afterAll(async () => f?.close());

    it('stores a pending media and reads it back, sizes over 4 GiB included', async () => {
      const m = pending();
      await s.create(m);
      expect(await s.get(m.id)).toEqual(m);
      expect(await s.getMany([m.id, 'missing'])).toEqual([m]);
      expect(await s.get('missing')).toBeNull();
      expect(await s.getMany([])).toEqual([]);
    });

    it('moves pending → ready once, with what was found; a second caller gets null', async () => {
      const m = pending();
      await s.create(m);
      const found = { contentType: 'image/png', size: 42, objectKey: mediaKeys.final(conversationId, m.id), processedAt: null };
      const done = await s.markReady(m.id, found, at(5));
      expect(done).toMatchObject({
        state: 'ready',
        contentType: 'image/png',
        size: 42,
        objectKey: found.objectKey,
        updatedAt: at(5),
        declaredType: 'image/jpeg',
      });
      expect(await s.markReady(m.id, found, at(6))).toBeNull();
      expect(await s.markRejected(m.id, at(6))).toBe(false);
    });

    it('moves pending → rejected once, and a rejected media never becomes ready', async () => {
      const m = pending();
      await s.create(m);
      expect(await s.markRejected(m.id, at(2))).toBe(true);
      expect(await s.markRejected(m.id, at(3))).toBe(false);
      expect(await s.markReady(m.id, { contentType: 'image/jpeg', size: 1, objectKey: m.objectKey, processedAt: null }, at(3))).toBeNull();
      expect((await s.get(m.id))!.state).toBe('rejected');
    });

    it('records processing results on ready media only', async () => {
      const p = pending();
      await s.create(p);
      const processed = { width: 640, height: 480, durationMs: null, thumbnailKey: mediaKeys.thumbnail(conversationId, p.id) };
      expect(await s.markProcessed(p.id, processed, at(3))).toBeNull();
      const r = await ready();
      expect(await s.markProcessed(r.id, processed, at(9))).toMatchObject({ ...processed, processedAt: at(9) });
    });

    it('rejects an undecodable image only while it is ready and unprocessed', async () => {
      const p = pending();
      await s.create(p);
      expect(await s.markUndecodable(p.id, at(3))).toBeNull();
      const done = await ready();
      await s.markProcessed(done.id, { width: 1, height: 1, durationMs: null, thumbnailKey: null }, at(3));
      expect(await s.markUndecodable(done.id, at(4))).toBeNull();
      const bad = await ready();
      expect(await s.markUndecodable(bad.id, at(4))).toMatchObject({ state: 'rejected', contentType: null, size: null, updatedAt: at(4) });
      expect(await s.markUndecodable(bad.id, at(5))).toBeNull();
      expect(await s.markProcessed(bad.id, { width: 1, height: 1, durationMs: null, thumbnailKey: null }, at(5))).toBeNull();
      expect((await s.stale({ pendingBefore: at(0), limit: 1000 })).map((m) => m.id)).toContain(bad.id);
    });

    it('lists ready images left unprocessed before a time, not processed, deleted or recent ones', async () => {
      const [lost, recent, done, gone] = [await ready(-5_000), await ready(100), await ready(-5_000), await ready(-5_000)];
      await s.markProcessed(done.id, { width: 1, height: 1, durationMs: null, thumbnailKey: null }, at(-4_000));
      await s.attach(msg('gone'), [gone.id], at(-4_000));
      await s.detachMessage(msg('gone'), at(-4_000));
      const ids = (await s.unprocessed({ readyBefore: at(0), limit: 1000 })).map((m) => m.id);
      expect(ids).toContain(lost.id);
      for (const other of [recent, done, gone]) expect(ids).not.toContain(other.id);
      expect(await s.unprocessed({ readyBefore: at(0), limit: 1 })).toHaveLength(1);
    });

    it('attaches media to one message, all or none, and never to a second message', async () => {
      const [a, b] = [await ready(), await ready()];
      const unready = pending();
      await s.create(unready);
      expect(await s.attach(msg('m1'), [a.id, unready.id], at(4))).toBe(false);
      expect((await s.get(a.id))!.attachedTo).toBeNull();
      expect(await s.attach(msg('m1'), [a.id, b.id], at(4))).toBe(true);
      expect(await s.attach(msg('m1'), [a.id, b.id], at(5))).toBe(true); // a retried send
      expect(await s.attach(msg('m2'), [a.id], at(5))).toBe(false);
      expect(await s.attach(msg('m3'), [], at(5))).toBe(true);
      expect((await s.get(b.id))!.attachedTo).toBe('m1');
    });

    it("attaches only the sender's own media, in the message's conversation", async () => {
      const a = await ready();
      expect(await s.attach({ conversationId, senderId: bob, clientMsgId: 'b1' }, [a.id], at(4))).toBe(false);
      expect(await s.attach({ conversationId: 'elsewhere', senderId: alice, clientMsgId: 'a1' }, [a.id], at(4))).toBe(false);
      expect(await s.attach(msg('a1'), [a.id, a.id], at(4))).toBe(true);
    });

    it('marks the media of a deleted message deleted: not processed, not attached again, listed as stale', async () => {
      const a = await ready();
      await s.attach(msg('del'), [a.id], at(4));
      expect(await s.detachMessage({ ...msg('del'), senderId: bob }, at(8))).toBe(0);
      expect(await s.detachMessage(msg('del'), at(8))).toBe(1);
      expect(await s.detachMessage(msg('del'), at(9))).toBe(0);
      expect((await s.get(a.id))!.deletedAt).toEqual(at(8));
      expect(await s.markProcessed(a.id, { width: 1, height: 1, durationMs: null, thumbnailKey: null }, at(9))).toBeNull();
      expect(await s.attach(msg('del'), [a.id], at(9))).toBe(false);
      expect((await s.stale({ pendingBefore: at(0), limit: 1000 })).map((m) => m.id)).toContain(a.id);
    });

    it('lists stale media: old pending, rejected, deleted; not fresh pending or live ready; then forgets removed rows', async () => {
      const old = pending(-100_000);
      const fresh = pending(50);
      const rejected = pending(50);
      await Promise.all([s.create(old), s.create(fresh), s.create(rejected)]);
      await s.markRejected(rejected.id, at(51));
      const live = await ready(60);
      const ids = (await s.stale({ pendingBefore: at(10), limit: 1000 })).map((m) => m.id);
      expect(ids).toEqual(expect.arrayContaining([old.id, rejected.id]));
      expect(ids).not.toContain(fresh.id);
      expect(ids).not.toContain(live.id);
      expect(await s.stale({ pendingBefore: at(10), limit: 1 })).toHaveLength(1);
      await s.remove(old.id);
      await s.remove(old.id);
      expect(await s.get(old.id)).toBeNull();
    });
  });
}
