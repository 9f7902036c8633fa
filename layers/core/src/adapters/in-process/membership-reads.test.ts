import { describe, expect, it } from 'vitest';
import { MembershipReads } from './membership-reads.js';

describe('MembershipReads', () => {
  it('reads at once when idle, and coalesces whoever asks during a read into the next one', async () => {
    const reads: string[][] = [];
    let release: () => void = () => undefined;
    const reader = new MembershipReads(async (userIds) => {
      reads.push(userIds);
      await new Promise<void>((r) => (release = r));
      return new Map(userIds.map((id) => [id, [{ conversationId: `c-${id}`, lastSeq: 1 }]]));
    });
    const first = reader.of('a');
    await Promise.resolve();
    expect(reads).toEqual([['a']]);
    const rest = ['b', 'c', 'b'].map((id) => reader.of(id));
    release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(reads).toEqual([['a'], ['b', 'c']]);
    release();
    expect(await Promise.all(rest)).toEqual([
      [{ conversationId: 'c-b', lastSeq: 1 }],
      [{ conversationId: 'c-c', lastSeq: 1 }],
      [{ conversationId: 'c-b', lastSeq: 1 }],
    ]);
  });

  it('fails every caller of a failed read, and reads again for the next', async () => {
    let fail = true;
    const reader = new MembershipReads(async (userIds) => {
      if (fail) throw new Error('database down');
      return new Map(userIds.map((id) => [id, []]));
    });
    await expect(Promise.all([reader.of('a'), reader.of('b')])).rejects.toThrow('database down');
    fail = false;
    expect(await reader.of('a')).toEqual([]);
  });
});
