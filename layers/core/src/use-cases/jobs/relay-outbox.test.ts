import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useEmbeddedDeps } from '../../../../../test/support/deps.js';
import { openGroup } from '../../../../../test/support/chat.js';
import { registerUser, type TestUser } from '../../../../../test/support/users.js';
import { processQueues, type Deps } from '../../../../../test/support/deps.js';
import { JOB_TYPES, MESSAGE_JOB_TYPES, type JobType, type MessageEventBatch, type OutboxJob } from '../../domain/jobs/job.js';
import type { JobQueue } from '../../ports/job-queue.js';
import { sendMessage } from '../chat/send-message.js';
import type { ChatDeps } from '../chat/chat-deps.js';
import { relayOutbox } from './relay-outbox.js';

/** The memory queue, unreachable: every publish fails as it would with the broker down. */
// A queue message holds one job, or a batch of message events (each a copy of the outbox's entry).
const jobsInBody = (body: string): OutboxJob[] => {
  const parsed = JSON.parse(body) as OutboxJob | MessageEventBatch;
  return parsed.type === 'message.batch' ? parsed.events : [parsed];
};
const unreachable = (queue: JobQueue): JobQueue => ({ ...queue, publish: async () => Promise.reject(new Error('ECONNREFUSED')) });

describe('jobs of a sent message, and the outbox relay', () => {
  let deps: Deps;
  let alice: TestUser;
  let group: string;
  const waiting = () => JOB_TYPES.map((t) => processQueues.depth(t)).reduce((a, b) => a + b, 0);
  /** Everything in the work queues, each body with the queue it was in. */
  const drain = async () => {
    const taken: (OutboxJob & { queue: JobType })[] = [];
    for (const type of JOB_TYPES) {
      const consumer = await deps.jobs.consume(
        type,
        async (batch) => void taken.push(...batch.flatMap((m) => jobsInBody(m.body).map((job) => ({ ...job, queue: type })))),
      );
      await vi.waitFor(() => expect(processQueues.depth(type)).toBe(0));
      await consumer.stop();
    }
    return taken;
  };

  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    alice = await registerUser('relay');
    group = await openGroup(alice, [await registerUser('relay')]);
    await drain();
  });

  it("publishes a new message's one event before the send returns, a copy reaching each of the five workers", async () => {
    const { message, created } = await sendMessage(deps.chat, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: 'hi @bob' });
    expect(created).toBe(true);
    expect(await deps.chat.outbox.pending(100)).toEqual([]);
    const jobs = await drain();
    expect(jobs.map((j) => j.queue).sort()).toEqual([...MESSAGE_JOB_TYPES].sort());
    expect(jobs.every((j) => j.type === 'message' && j.attempt === 0 && j.id === jobs[0]!.id)).toBe(true);
    expect(jobs[0]!.payload).toEqual({
      conversationId: group,
      seq: message.seq,
      messageId: message.id,
      senderId: alice.id,
      createdAt: message.createdAt,
    });
  });

  it('queues no jobs for a repeated send', async () => {
    const input = { conversationId: group, clientMsgId: randomUUID(), text: 'once' };
    await sendMessage(deps.chat, alice.id, input);
    await drain();
    expect((await sendMessage(deps.chat, alice.id, input)).created).toBe(false);
    expect(waiting()).toBe(0);
    expect(await deps.chat.outbox.pending(100)).toEqual([]);
  });

  it('sends successfully while the broker is down; the sweep relays the jobs once it is back', async () => {
    const warn = vi.fn();
    const down: ChatDeps = { ...deps.chat, jobs: unreachable(deps.jobs), log: { warn } };
    for (let i = 0; i < 3; i++)
      expect((await sendMessage(down, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: `offline ${i}` })).created).toBe(true);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(waiting()).toBe(0);
    // One entry per message: its event.
    expect(await deps.chat.outbox.pending(100)).toHaveLength(3);

    await expect(relayOutbox({ jobs: unreachable(deps.jobs), outbox: deps.chat.outbox })).rejects.toThrow('ECONNREFUSED');
    expect(await deps.chat.outbox.pending(100)).toHaveLength(3);

    expect(await relayOutbox(deps.chat, { batchSize: 2 })).toEqual({ relayed: 3, more: false });
    expect(await deps.chat.outbox.pending(100)).toEqual([]);
    const jobs = await drain();
    expect(jobs).toHaveLength(15);
    expect(new Set(jobs.map((j) => `${j.id} ${j.queue}`)).size).toBe(15);
  });

  it('stops after maxBatches and says there is more', async () => {
    const down: ChatDeps = { ...deps.chat, jobs: unreachable(deps.jobs), log: { warn: () => undefined } };
    for (let i = 0; i < 3; i++) await sendMessage(down, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: `backlog ${i}` });
    expect(await relayOutbox(deps.chat, { batchSize: 2, maxBatches: 1 })).toEqual({ relayed: 2, more: true });
    expect(await relayOutbox(deps.chat, { batchSize: 2 })).toEqual({ relayed: 1, more: false });
    expect(await drain()).toHaveLength(15);
  });
});
