import { describe, expect, it } from 'vitest';
import type { ChatApi } from '@chat/core/ports/chat-api';
import { FreshChecks } from './fresh-checks.js';

/** A chat side whose memberships reads are counted; `seqs` per user, changed between reads at will. */
function chatWith(seqs: Record<string, Record<string, number>>) {
  const reads: string[] = [];
  const chat = {
    memberships: async (caller: { userId: string }) => {
      reads.push(caller.userId);
      return Object.entries(seqs[caller.userId] ?? {}).map(([conversationId, lastSeq]) => ({ conversationId, lastSeq }));
    },
  } as unknown as ChatApi;
  return { chat, reads };
}

const caller = (userId: string) => ({ userId, accessToken: `t-${userId}` });

describe('FreshChecks', () => {
  it('shares one read among the connections that joined under the same subscription', async () => {
    const { chat, reads } = chatWith({ a: { c1: 5 }, b: { c1: 5 } });
    const checks = new FreshChecks(chat);
    expect(await Promise.all([checks.latest(caller('a'), 'c1', 7), checks.latest(caller('b'), 'c1', 7)])).toEqual([5, 5]);
    expect(reads).toEqual(['a']);
    // A later subscription (the channel was dropped and taken again) needs a read of its own.
    expect(await checks.latest(caller('b'), 'c1', 8)).toBe(5);
    expect(reads).toEqual(['a', 'b']);
  });

  it('reads for itself when the shared reader is no longer a member', async () => {
    const { chat, reads } = chatWith({ a: {}, b: { c1: 9 } });
    const checks = new FreshChecks(chat);
    expect(await Promise.all([checks.latest(caller('a'), 'c1', 1), checks.latest(caller('b'), 'c1', 1)])).toEqual([undefined, 9]);
    expect(reads).toEqual(['a', 'b']);
  });
});
