import { describe, expect, it } from 'vitest';
import { SubscribeBatches } from './subscribe-batches.js';

describe('SubscribeBatches', () => {
  it('sends the channels of one loop turn together, one command per group, and answers each caller', async () => {
    const sent: string[][] = [];
    const batches = new SubscribeBatches(
      async (channels) => void sent.push(channels),
      (c) => (c.startsWith('a') ? 1 : 2),
    );
    await Promise.all(['a1', 'b1', 'a2', 'a1', 'b2'].map((c) => batches.subscribe(c)));
    expect(sent).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
    ]);
    await batches.subscribe('a3');
    expect(sent.at(-1)).toEqual(['a3']);
  });

  it('fails the callers of a command that failed, and only those', async () => {
    const batches = new SubscribeBatches(
      async (channels) => {
        if (channels.includes('bad')) throw new Error('refused');
      },
      (c) => (c === 'bad' ? 1 : 2),
    );
    const results = await Promise.allSettled([batches.subscribe('bad'), batches.subscribe('good')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });

  it('flush sends at once, so a later command on the connection comes after it', async () => {
    const sent: string[][] = [];
    const batches = new SubscribeBatches(async (channels) => void sent.push(channels));
    const done = batches.subscribe('x');
    batches.flush();
    expect(sent).toEqual([['x']]);
    await done;
  });

  it('splits a very large turn into commands of at most 500 channels', async () => {
    const sent: string[][] = [];
    const batches = new SubscribeBatches(async (channels) => void sent.push(channels));
    await Promise.all(Array.from({ length: 1_200 }, (_, i) => batches.subscribe(`c${i}`)));
    expect(sent.map((c) => c.length)).toEqual([500, 500, 200]);
  });
});
