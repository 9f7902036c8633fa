import { beforeAll, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import type { OutboxJob } from '../../domain/jobs/job.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { ChatDeps } from './chat-deps.js';
import { createConversation } from './create-conversation.js';
import { sendMessage } from './send-message.js';

/** A broker whose confirms come only when the test says so. */
function heldBroker() {
  const published: OutboxJob[] = [];
  let release!: () => void;
  const confirmed = new Promise<void>((r) => (release = r));
  const jobs = { publish: async (batch: readonly OutboxJob[]) => (await confirmed, void published.push(...batch)) } as unknown as JobQueue;
  return { jobs, published, release };
}

// When a send answers relative to its jobs' relay: before it in a function, after it in a gateway.
describe('sendMessage: relaying the jobs before or after the reply', () => {
  const d = useUseCaseDeps();
  let alice: string, bob: string, conversationId: string;
  let n = 0;
  const send = (deps: ChatDeps) => sendMessage(deps, alice, { conversationId, clientMsgId: `r${++n}`, text: 'hi' });

  beforeAll(async () => {
    [alice, bob] = [await d.user('alice'), await d.user('bob')];
    conversationId = (await createConversation(d.chat, alice, { type: 'direct', userId: bob })).conversation.id;
  });

  it('waits for the broker by default (a function instance may be frozen once it answers)', async () => {
    const broker = heldBroker();
    let answered = false;
    const sent = send({ ...d.chat, jobs: broker.jobs }).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    broker.release();
    await sent;
    expect(broker.published).toHaveLength(1);
    expect(await d.chat.outbox.pending(10)).toEqual([]);
  });

  it('answers before the confirm with relayAfterReply, with the jobs already in the outbox, then relays them', async () => {
    const broker = heldBroker();
    const { message } = await send({ ...d.chat, jobs: broker.jobs, relayAfterReply: true });
    expect(broker.published).toEqual([]);
    // Durable before the ack: the sweep would relay them if this process died now.
    expect((await d.chat.outbox.pending(10)).map((e) => e.job.payload)).toEqual([expect.objectContaining({ messageId: message.id, seq: message.seq })]);
    broker.release();
    await expect.poll(() => d.chat.outbox.pending(10)).toEqual([]);
    expect(broker.published.map((j) => j.payload)).toEqual([expect.objectContaining({ messageId: message.id })]);
  });
});
