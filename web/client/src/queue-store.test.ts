import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbQueueStore, MemoryQueueStore, type QueueStore, type QueuedMessage } from './queue-store.js';

const item = (id: string, queuedAt: number, over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  clientMsgId: id,
  conversationId: 'c1',
  text: `text ${id}`,
  queuedAt,
  attempts: 0,
  state: 'pending',
  ...over,
});

/** The QueueStore contract, run against every adapter. */
function contract(name: string, make: () => { store: QueueStore; reopen?: () => QueueStore }) {
  describe(`QueueStore contract: ${name}`, () => {
    it('puts, replaces by clientMsgId, lists and deletes; returned items are copies', async () => {
      const { store } = make();
      await store.put(item('a', 1));
      await store.put(item('b', 2, { attachments: [{ mediaId: 'm1' }] }));
      await store.put(item('a', 1, { attempts: 3, state: 'failed', error: { code: 'validation_failed', message: 'no' } }));
      const all = (await store.all()).sort((x, y) => x.queuedAt - y.queuedAt);
      expect(all).toEqual([
        item('a', 1, { attempts: 3, state: 'failed', error: { code: 'validation_failed', message: 'no' } }),
        item('b', 2, { attachments: [{ mediaId: 'm1' }] }),
      ]);
      all[0]!.attempts = 99;
      expect((await store.all()).find((i) => i.clientMsgId === 'a')?.attempts).toBe(3);
      await store.delete('a');
      await store.delete('missing');
      expect((await store.all()).map((i) => i.clientMsgId)).toEqual(['b']);
    });

    it('what was put survives reopening (a page reload)', async () => {
      const { store, reopen } = make();
      if (!reopen) return; // memory: gone with the page by design
      await store.put(item('x', 5));
      expect(await reopen().all()).toEqual([item('x', 5)]);
    });
  });
}

contract('memory', () => ({ store: new MemoryQueueStore() }));
contract('IndexedDB (fake-indexeddb)', () => {
  const factory = new IDBFactory();
  return { store: new IndexedDbQueueStore('q', factory), reopen: () => new IndexedDbQueueStore('q', factory) };
});
