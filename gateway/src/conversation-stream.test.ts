import type { MessageView } from '@chat/core/domain/chat/message';
import { describe, expect, it } from 'vitest';
import { ConversationStream } from './conversation-stream.js';
import { until } from './test-support/ws-client.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const msg = (seq: number) => ({ seq, conversationId: 'c', createdAt: new Date().toISOString() }) as MessageView;

/** A stream over a store holding seqs 1..stored, recording what it emits. */
function setup(stored: number, start: number, options: { fetchDelayMs?: number; failFirst?: number } = {}) {
  const store = Array.from({ length: stored }, (_, i) => msg(i + 1));
  const emitted: number[] = [];
  const fetches: number[] = [];
  let failures = options.failFirst ?? 0;
  const stream = new ConversationStream(
    {
      emit: (m) => emitted.push(m.seq),
      fetch: async (_conversationId, afterSeq, limit) => {
        fetches.push(afterSeq);
        await sleep(options.fetchDelayMs ?? 0);
        if (failures-- > 0) throw new Error('store down');
        const after = store.filter((m) => m.seq > afterSeq);
        return { items: after.slice(0, limit), hasMore: after.length > limit };
      },
      whenWritable: async () => true,
      onHeld: () => undefined,
      onError: () => undefined,
      gapWaitMs: 20,
      pageSize: 3,
    },
    'c',
    start,
  );
  return { stream, store, emitted, fetches };
}

describe('ConversationStream', () => {
  it('delivers in order, drops duplicates and old messages', () => {
    const { stream, emitted } = setup(0, 5);
    for (const seq of [3, 6, 6, 7, 5, 8]) stream.push(msg(seq));
    expect(emitted).toEqual([6, 7, 8]);
    expect(stream.lastSeq).toBe(8);
  });

  it('reorders within the wait without reading the store', async () => {
    const { stream, emitted, fetches } = setup(3, 0);
    stream.push(msg(3));
    stream.push(msg(1));
    expect(emitted).toEqual([1]);
    stream.push(msg(2));
    expect(emitted).toEqual([1, 2, 3]);
    await sleep(40);
    expect(fetches).toEqual([]);
  });

  it('reads a gap from the store after the wait, then merges what was held', async () => {
    const { stream, emitted, fetches } = setup(10, 0);
    stream.push(msg(1));
    stream.push(msg(8));
    stream.push(msg(9));
    await until(() => emitted.length === 10);
    expect(emitted).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(fetches[0]).toBe(1);
  });

  it('retries a failed gap read with back-off', async () => {
    const { stream, emitted, fetches } = setup(3, 0, { failFirst: 1 });
    stream.push(msg(3));
    await until(() => emitted.length === 3);
    expect(emitted).toEqual([1, 2, 3]);
    expect(fetches.length).toBe(2);
  });

  it('resumes: replays after the position, holds live messages meanwhile, merges without duplicates', async () => {
    const { stream, store, emitted } = setup(10, 10, { fetchDelayMs: 10 });
    const done = stream.resume(2);
    // While the replay runs, 11 and 12 are stored and published (12 first), plus a duplicate of 5.
    store.push(msg(11), msg(12));
    stream.push(msg(12));
    stream.push(msg(5));
    stream.push(msg(11));
    expect(emitted).toEqual([]);
    await done;
    expect(emitted).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(stream.lastSeq).toBe(12);
  });

  it('stops at once when disposed', async () => {
    const { stream, emitted } = setup(5, 0, { fetchDelayMs: 10 });
    stream.push(msg(4));
    stream.dispose();
    stream.push(msg(1));
    await sleep(60);
    expect(emitted).toEqual([]);
  });
});
