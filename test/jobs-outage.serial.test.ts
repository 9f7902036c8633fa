import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from './support/deps.js';
import { jobFromEvent, MESSAGE_JOB_TYPES, type MessageEvent } from '@chat/core/domain/jobs/job';
import { until } from '@chat/core/ports/job-queue.contract';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';
import { relayOutbox } from '@chat/core/use-cases/jobs/relay-outbox';
import { startQueueWorkers } from '../scripts/local-cloud/background.js';
import { requireServiceUrl } from './harness-env.js';
import { openGroup } from './support/chat.js';
import { brokerOutage, countingWorkers, jobDeps, testQueue } from './support/jobs.js';
import { registerUser } from './support/users.js';

/*
 * Acceptance (issue 4): RabbitMQ is stopped while 100 messages are sent; after it restarts every
 * job of those messages runs, and none twice. Since issue 15 a message is one outbox entry (its
 * event) that the broker copies to the five workers' queues: 100 entries, 500 runs. The broker itself is stopped (not a network cut),
 * which every suite on it would notice: this is a `serial` project file, run after all others.
 */

const POLICY = { maxAttempts: 3, delaysMs: [50, 150] };
const silent = () => undefined;

describe.each(['sql', 'mongo'] as const)('jobs through a RabbitMQ outage (%s message store)', (store) => {
  let outage: ReturnType<typeof brokerOutage>;
  let rabbit: ReturnType<typeof testQueue>;
  let env: Awaited<ReturnType<typeof jobDeps>>;
  let deps: Deps;
  let consumers: { stop(): Promise<void> };
  const workers = countingWorkers();

  beforeAll(async () => {
    const amqpUrl = requireServiceUrl('AMQP_URL');
    outage = brokerOutage(amqpUrl);
    rabbit = testQueue(amqpUrl, POLICY);
    env = await jobDeps(store, rabbit.queue, POLICY.maxAttempts);
    deps = env.deps;
    // Consumers run through the outage, as the local cloud's do: they must subscribe again by themselves.
    consumers = await startQueueWorkers(deps.jobs, workers.functions, silent);
  }, 60_000);
  afterAll(async () => {
    // First, whatever failed: the broker must be back for the cleanup below and for later runs.
    await outage?.end();
    await consumers?.stop();
    await env?.close();
    await rabbit?.destroy();
  }, 240_000);

  it('sends 100 messages while the broker is stopped; after its restart every job runs exactly once', async () => {
    const alice = await registerUser('outage');
    const group = await openGroup(alice, [await registerUser('outage')]);
    // A send before the outage, so the queue and the consumers hold connections the stop then breaks.
    await sendMessage(deps.chat, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: 'before' });
    expect(await deps.chat.outbox.pending(10)).toEqual([]);
    await until(() => workers.runs.size === MESSAGE_JOB_TYPES.length, 'the jobs of the first message');

    await outage.begin();
    const sends = [];
    for (let i = 0; i < 100; i += 10) {
      const round = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          sendMessage({ ...deps.chat, log: { warn: silent } }, alice.id, { conversationId: group, clientMsgId: `m${i + j}`, text: `offline ${i + j}` }),
        ),
      );
      sends.push(...round);
    }
    expect(sends.filter((s) => s.created)).toHaveLength(100);
    const waiting = await deps.chat.outbox.pending(1_000);
    expect(waiting).toHaveLength(100);
    expect(waiting.every((e) => e.job.type === 'message')).toBe(true);
    await expect(relayOutbox(deps.chat)).rejects.toThrow();
    expect(await deps.chat.outbox.pending(1_000)).toHaveLength(100);

    // end() returns once a new AMQP connection opens; the relay is what timer-outbox-relay runs.
    await outage.end();
    expect(await relayOutbox(deps.chat, { batchSize: 64 })).toEqual({ relayed: 100, more: false });
    expect(await deps.chat.outbox.pending(10)).toEqual([]);

    // Each worker's job of each event (the id the ledger keeps, per event and worker).
    const jobs = waiting.flatMap((e) => MESSAGE_JOB_TYPES.map((t) => jobFromEvent(e.job as MessageEvent, t)));
    const expected = jobs.map((j) => j.id);
    await until(() => expected.every((id) => workers.runs.has(id)), 'all 500 jobs to run', 60_000);
    // Room for a duplicate delivery to show up before counting.
    await sleep(1_000);
    expect(expected.filter((id) => workers.runs.get(id) !== 1)).toEqual([]);
    expect(new Set(expected).size).toBe(500);
    expect(MESSAGE_JOB_TYPES.map((t) => jobs.filter((j) => j.type === t).length)).toEqual(MESSAGE_JOB_TYPES.map(() => 100));
    for (const job of jobs.slice(0, 25)) expect(await deps.ledger.claim(job, 1000)).toBe('done');
  }, 240_000);
});
