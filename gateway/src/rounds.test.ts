import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rounds } from './rounds.js';

afterEach(() => vi.useRealTimers());

describe('Rounds', () => {
  it('visits every member once per period, a slice per tick, never all at once', () => {
    vi.useFakeTimers();
    const members = Array.from({ length: 100 }, (_, i) => ({ i }));
    const batches: number[][] = [];
    const rounds = new Rounds(
      1_000,
      10,
      () => members,
      (batch) => batches.push(batch.map((m) => m.i)),
    );
    rounds.start();

    vi.advanceTimersByTime(1_000);
    expect(batches).toHaveLength(10);
    expect(batches.every((b) => b.length === 10)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(members.map((m) => m.i));

    // The next period visits each member in the same slice as before: exactly one period apart.
    vi.advanceTimersByTime(1_000);
    expect(batches.slice(10)).toEqual(batches.slice(0, 10));
    rounds.stop();
    vi.advanceTimersByTime(5_000);
    expect(batches).toHaveLength(20);
  });

  it('deals members that join later into slices and forgets those that left', () => {
    vi.useFakeTimers();
    const members = new Set([{ id: 'a' }, { id: 'b' }]);
    const visited: string[] = [];
    const rounds = new Rounds(
      400,
      4,
      () => members,
      (batch) => visited.push(...batch.map((m) => m.id)),
    );
    rounds.start();
    vi.advanceTimersByTime(400);
    expect(visited.sort()).toEqual(['a', 'b']);

    const [a] = members;
    members.delete(a!);
    members.add({ id: 'c' });
    visited.length = 0;
    vi.advanceTimersByTime(400);
    expect(visited.sort()).toEqual(['b', 'c']);
    rounds.stop();
  });
});
