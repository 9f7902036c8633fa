import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { IndexedDbQueueStore, MemoryQueueStore, type QueuedMessage } from './queue-store.js';
import { SendQueue } from './send-queue.js';
import type { MessageView } from './types.js';

const stored = (item: QueuedMessage, seq: number): MessageView => ({
  id: `m-${item.clientMsgId}`,
  kind: 'text',
  conversationId: item.conversationId,
  seq,
  senderId: 'amy',
  clientMsgId: item.clientMsgId,
  text: item.text ?? null,
  attachments: [],
  mentions: [],
  replyToSeq: null,
  reactions: {},
  createdAt: new Date().toISOString(),
  editedAt: null,
  deletedAt: null,
});
const until = async (condition: () => boolean, what = 'condition') => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out: ${what}`);
};

/** A server stand-in that stores each clientMsgId once, like the real one; `online` toggles the network. */
function server() {
  const byId = new Map<string, MessageView>();
  const attempts: string[] = [];
  const state = { online: true, refuse: new Set<string>() };
  const send = async (item: QueuedMessage): Promise<MessageView> => {
    attempts.push(item.clientMsgId);
    if (!state.online) throw ApiError.network(new TypeError('fetch failed'));
    if (state.refuse.has(item.text ?? '')) throw new ApiError(400, 'validation_failed', 'bad');
    let m = byId.get(item.clientMsgId);
    if (!m) byId.set(item.clientMsgId, (m = stored(item, byId.size + 1)));
    return m;
  };
  return { byId, attempts, state, send };
}

let ids = 0;
const newId = () => `id-${++ids}`;

describe('SendQueue', () => {
  it('sends in queue order, each clientMsgId fixed at enqueue; offline sends go out once the connection is back', async () => {
    const s = server();
    const q = new SendQueue(new MemoryQueueStore(), s.send, { newId, backoff: { baseMs: 5, maxMs: 20 } });
    await q.start();
    s.state.online = false;
    const a = await q.enqueue('c1', { text: 'one' });
    const b = await q.enqueue('c1', { text: 'two' });
    await until(() => s.attempts.length >= 3, 'some failed attempts');
    expect(q.list().map((i) => i.clientMsgId)).toEqual([a.clientMsgId, b.clientMsgId]);
    s.state.online = true;
    q.wake();
    await until(() => q.list().length === 0, 'drained');
    expect([...s.byId.values()].map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(new Set(s.attempts)).toEqual(new Set([a.clientMsgId, b.clientMsgId]));
  });

  it('a refusal marks the message failed (others go on); retry resends it with the same id; discard drops it', async () => {
    const s = server();
    s.state.refuse.add('bad');
    const q = new SendQueue(new MemoryQueueStore(), s.send, { newId });
    const failed: string[] = [];
    q.events.on('failed', (i) => failed.push(i.error?.code ?? ''));
    await q.start();
    const bad = await q.enqueue('c1', { text: 'bad' });
    await q.enqueue('c1', { text: 'good' });
    await until(() => s.byId.size === 1 && failed.length === 1, 'good sent, bad failed');
    expect(q.list()).toMatchObject([{ clientMsgId: bad.clientMsgId, state: 'failed', error: { code: 'validation_failed' } }]);
    s.state.refuse.clear();
    await q.retry(bad.clientMsgId);
    await until(() => q.list().length === 0, 'retried');
    expect(s.byId.get(bad.clientMsgId)?.text).toBe('bad');
    s.state.refuse.add('worse');
    const worse = await q.enqueue('c1', { text: 'worse' });
    await until(() => q.list()[0]?.state === 'failed');
    await q.discard(worse.clientMsgId);
    expect(q.list()).toEqual([]);
  });

  it('honours Retry-After', async () => {
    let calls = 0;
    const at: number[] = [];
    const q = new SendQueue(
      new MemoryQueueStore(),
      async (item) => {
        at.push(Date.now());
        if (++calls === 1) throw new ApiError(429, 'rate_limited', 'slow', [], 1);
        return stored(item, 1);
      },
      { newId, backoff: { baseMs: 1, maxMs: 1 } },
    );
    await q.start();
    await q.enqueue('c1', { text: 'x' });
    await until(() => q.list().length === 0);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it('across a page reload (IndexedDB): the queued message goes out after it, once, with its original id', async () => {
    const factory = new IDBFactory();
    const s = server();
    s.state.online = false;
    const before = new SendQueue(new IndexedDbQueueStore('chat', factory), s.send, { newId, backoff: { baseMs: 60_000 } });
    await before.start();
    const queued = await before.enqueue('c1', { text: 'written offline' });
    await until(() => s.attempts.length === 1);
    // The page goes away with the message unsent; a new page opens the same database.
    s.state.online = true;
    const after = new SendQueue(new IndexedDbQueueStore('chat', factory), s.send, { newId });
    await after.start();
    await until(() => after.list().length === 0, 'sent after reload');
    expect([...s.byId.keys()]).toEqual([queued.clientMsgId]);
    expect(await new IndexedDbQueueStore('chat', factory).all()).toEqual([]);
  });
});
