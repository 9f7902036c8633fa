import { describe, expect, it } from 'vitest';
import { aJob, CONTRACT_POLICY, describeJobQueueContract } from '../../ports/job-queue.contract.js';
import { MemoryJobQueue, MemoryQueueHub } from './job-queue.js';

describeJobQueueContract('memory', async () => {
  const hub = new MemoryQueueHub();
  const queue = new MemoryJobQueue(hub, CONTRACT_POLICY);
  return {
    queue,
    takeDeadLetters: async (type) => hub.takeDeadLetters(type),
    putRaw: async (type, body) => hub.put(type, body, undefined),
    close: () => queue.close(),
  };
});

describe('MemoryQueueHub.reset', () => {
  it('leaves no message, dead letter, consumer or pending retry behind, and a retry due later lands nowhere', async () => {
    const hub = new MemoryQueueHub();
    const queue = new MemoryJobQueue(hub, { maxAttempts: 3, delaysMs: [30] });
    const seen: string[] = [];
    await queue.consume('email', async (batch) => void seen.push(...batch.map((m) => m.messageId ?? '')));
    await queue.retryOrDeadLetter(aJob('push'), new Error('later'));
    await queue.deadLetter('push', '{}', 'broken');
    await queue.publish([aJob('sync')]);
    expect([hub.depth('sync'), hub.delayedCount, hub.deadLetters('push').length]).toEqual([1, 1, 1]);

    hub.reset();
    expect([hub.depth('sync'), hub.delayedCount, hub.deadLetters('push')]).toEqual([0, 0, []]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([hub.depth('push'), hub.delayedCount]).toEqual([0, 0]);
    // The consumer from before the reset is gone: a new job waits for a new one.
    await queue.publish([aJob('email')]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([seen, hub.depth('email')]).toEqual([[], 1]);
  });
});
