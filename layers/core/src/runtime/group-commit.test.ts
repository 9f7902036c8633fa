import { describe, expect, it } from 'vitest';
import { GroupCommit, type ItemResult } from './group-commit.js';

/** A batch runner the test releases by hand, recording every batch it was given. */
function manualRunner() {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const run = (items: string[]) => {
    batches.push(items);
    return new Promise<ItemResult<string>[]>((resolve) =>
      releases.push(() => resolve(items.map((i) => (i.startsWith('bad') ? { ok: false, error: new Error(i) } : { ok: true, value: i.toUpperCase() })))),
    );
  };
  return { batches, run, release: (n = 0) => releases.splice(n, 1)[0]!() };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('runs a lone item at once and gathers the items that arrive while every slot is busy', async () => {
    const r = manualRunner();
    const group = new GroupCommit(r.run, { maxInFlight: 1, maxBatch: 10 });
    const first = group.submit('a', 'x1');
    expect(r.batches).toEqual([['x1']]);
    const later = ['x2', 'x3', 'x4'].map((x, i) => group.submit(`k${i}`, x));
    expect(r.batches).toHaveLength(1);
    r.release();
    expect(await first).toBe('X1');
    await tick();
    expect(r.batches).toEqual([['x1'], ['x2', 'x3', 'x4']]);
    r.release();
    expect(await Promise.all(later)).toEqual(['X2', 'X3', 'X4']);
  });

  it('answers each item with its own result or error, and fails only its batch when the run throws', async () => {
    let calls = 0;
    const group = new GroupCommit<string, string>(
      async (items) => {
        if (calls++ === 1) throw new Error('connection lost');
        return items.map((i) => (i === 'bad' ? { ok: false, error: new Error('refused') } : { ok: true, value: i }));
      },
      { maxInFlight: 1, maxBatch: 10 },
    );
    const [a, bad, c] = await Promise.allSettled([group.submit('1', 'a'), group.submit('2', 'bad'), group.submit('3', 'c')]);
    expect(a).toEqual({ status: 'fulfilled', value: 'a' });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } });
    expect(c).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } });
    expect(await group.submit('1', 'd')).toBe('d');
    await expect(group.submit('1', 'bad')).rejects.toThrow('refused');
  });

  it('never runs one key in two batches at once, keeping its order, while other keys use the free slots', async () => {
    const r = manualRunner();
    const group = new GroupCommit(r.run, { maxInFlight: 3, maxBatch: 2 });
    const done = [group.submit('a', 'a1'), group.submit('a', 'a2'), group.submit('b', 'b1'), group.submit('a', 'a3'), group.submit('c', 'c1')];
    // a1 runs alone in a free slot; a2 and a3 wait for it, b1 and c1 take the other slots.
    expect(r.batches).toEqual([['a1'], ['b1'], ['c1']]);
    r.release(0);
    await tick();
    expect(r.batches).toEqual([['a1'], ['b1'], ['c1'], ['a2', 'a3']]);
    for (let i = 0; i < 3; i++) r.release(0);
    expect(await Promise.all(done)).toEqual(['A1', 'A2', 'B1', 'A3', 'C1']);
  });

  it('caps a batch at maxBatch', async () => {
    const r = manualRunner();
    const group = new GroupCommit(r.run, { maxInFlight: 1, maxBatch: 2 });
    const all = ['x0', 'x1', 'x2', 'x3', 'x4'].map((x, i) => group.submit(String(i), x));
    for (let i = 0; i < 3; i++) {
      r.release();
      await tick();
    }
    expect(r.batches).toEqual([['x0'], ['x1', 'x2'], ['x3', 'x4']]);
    expect(await Promise.all(all)).toHaveLength(5);
  });
});
