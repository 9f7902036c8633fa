import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@chat/core/config/env';
import { createDeps, provideDeps, type Deps } from '@chat/core/composition';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import { JOB_TYPES, type Job } from '@chat/core/domain/jobs/job';
import { aJob, until } from '@chat/core/ports/job-queue.contract';
import { sendMessage } from '@chat/core/use-cases/chat/send-message';
import { relayOutbox } from '@chat/core/use-cases/jobs/relay-outbox';
import { startQueueWorkers } from '../scripts/local-cloud/background.js';
import { requireServiceUrl } from './harness-env.js';
import { openGroup } from './support/chat.js';
import { freshDatabase } from './support/fresh-database.js';
import { brokerOutage, countingWorkers, testQueue, type Outage } from './support/jobs.js';
import { registerUser } from './support/users.js';

// Tiny back-offs so a poison job exhausts its attempts within the test.
const POLICY = { maxAttempts: 3, delaysMs: [50, 150] };
const silent = () => undefined;

/** Deps on a fresh PostgreSQL database (and a fresh MongoDB database for `mongo`), jobs on `queue`. */
async function jobDeps(store: 'sql' | 'mongo', queue: RabbitJobQueue) {
  const pg = await freshDatabase('jobs');
  const mongoDb = `jobs_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const mongoUrl = new URL(requireServiceUrl('MONGODB_URL'));
  mongoUrl.pathname = `/${mongoDb}`;
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: pg.url, JOB_MAX_ATTEMPTS: String(POLICY.maxAttempts), ...(store === 'mongo' && { MONGODB_URL: mongoUrl.toString() }) };
  const deps = await createDeps(loadConfig(env, { devSigningKeys: [await generateSigningKey()] }), { migrate: true, jobs: queue, kv: new MemoryKeyValueStore() });
  provideDeps(deps);
  return {
    deps,
    close: async () => {
      await deps.close();
      if (store === 'mongo') {
        const client = await new MongoClient(requireServiceUrl('MONGODB_URL')).connect();
        await client.db(mongoDb).dropDatabase();
        await client.close();
      }
      await pg.drop();
    },
  };
}

describe.each(['sql', 'mongo'] as const)('jobs through a RabbitMQ outage (%s message store)', (store) => {
  let outage: Outage;
  let rabbit: ReturnType<typeof testQueue>;
  let env: Awaited<ReturnType<typeof jobDeps>>;
  let deps: Deps;
  const workers = countingWorkers();

  beforeAll(async () => {
    outage = await brokerOutage(requireServiceUrl('AMQP_URL'));
    rabbit = testQueue(outage.amqpUrl, POLICY, requireServiceUrl('AMQP_URL'));
    env = await jobDeps(store, rabbit.queue);
    deps = env.deps;
  }, 60_000);
  afterAll(async () => {
    await outage?.end();
    await env?.close();
    await rabbit?.destroy();
    await outage?.close();
  }, 60_000);

  it('sends 100 messages while the broker is down; after the relay every job runs exactly once', async () => {
    const alice = await registerUser('outage');
    const group = await openGroup(alice, [await registerUser('outage')]);
    // A send before the outage, so the queue holds a live connection the outage then breaks.
    await sendMessage(deps.chat, alice.id, { conversationId: group, clientMsgId: randomUUID(), text: 'before' });
    expect(await deps.chat.outbox.pending(10)).toEqual([]);

    await outage.begin();
    const sends = [];
    for (let i = 0; i < 100; i += 10) {
      const round = await Promise.all(Array.from({ length: 10 }, (_, j) => sendMessage({ ...deps.chat, log: { warn: silent } }, alice.id, { conversationId: group, clientMsgId: `m${i + j}`, text: `offline ${i + j}` })));
      sends.push(...round);
    }
    expect(sends.filter((s) => s.created)).toHaveLength(100);
    const waiting = await deps.chat.outbox.pending(1_000);
    expect(waiting).toHaveLength(500);
    await expect(relayOutbox(deps.chat)).rejects.toThrow();

    await outage.end();
    expect(await relayOutbox(deps.chat, { batchSize: 64 })).toEqual({ relayed: 500, more: false });
    expect(await deps.chat.outbox.pending(10)).toEqual([]);

    const consumers = await startQueueWorkers(deps.jobs, workers.functions, silent);
    const expected = waiting.map((e) => e.job.id);
    await until(() => expected.every((id) => workers.runs.has(id)), 'all 500 jobs to run', 60_000);
    await sleep(500);
    await consumers.stop();
    expect(expected.filter((id) => workers.runs.get(id) !== 1)).toEqual([]);
    expect(new Set(expected).size).toBe(500);
    expect(JOB_TYPES.map((t) => waiting.filter((e) => e.job.type === t).length)).toEqual(JOB_TYPES.map(() => 100));
    for (const job of waiting.slice(0, 25).map((e) => e.job)) expect(await deps.ledger.claim(job, 1000)).toBe('done');
  }, 120_000);
});

describe('RabbitMQ worker pipeline', () => {
  let rabbit: ReturnType<typeof testQueue>;
  let env: Awaited<ReturnType<typeof jobDeps>>;
  let stop: () => Promise<void>;
  const workers = countingWorkers();

  beforeAll(async () => {
    rabbit = testQueue(requireServiceUrl('AMQP_URL'), POLICY);
    env = await jobDeps('sql', rabbit.queue);
    stop = (await startQueueWorkers(env.deps.jobs, workers.functions, silent, 20)).stop;
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await env?.close();
    await rabbit?.destroy();
  }, 60_000);

  it('asserts its topology again from another connection without complaint', async () => {
    const again = new RabbitJobQueue(requireServiceUrl('AMQP_URL'), { prefix: rabbit.queue.names.workExchange.replace(/\.jobs$/, ''), policy: POLICY });
    await again.assertTopology();
    await again.assertTopology();
    await again.close();
  });

  it('moves a poison job to its dead-letter queue after its attempts, and the others run once', async () => {
    const poison = aJob('push');
    const others = Array.from({ length: 20 }, () => aJob('push'));
    workers.poison.add(poison.id);
    await rabbit.queue.publish([poison, ...others]);
    const dead = await until(async () => (await rabbit.takeDeadLetters('push')).at(0), 'the dead letter', 30_000);
    expect(JSON.parse(dead.body)).toEqual({ ...poison, attempt: POLICY.maxAttempts - 1 });
    expect(dead.reason).toContain(`poison job ${poison.id}`);
    expect(workers.runs.get(poison.id)).toBe(POLICY.maxAttempts);
    await until(() => others.every((j) => workers.runs.get(j.id) === 1), 'the other jobs');
    await sleep(300);
    expect(others.map((j) => workers.runs.get(j.id))).toEqual(others.map(() => 1));
    expect(await rabbit.takeDeadLetters('push')).toEqual([]);
  }, 60_000);

  it('gives a job delivered twice (and a stale retry of it) one effect', async () => {
    const job = aJob('email');
    await rabbit.queue.publish([job]);
    await rabbit.queue.publish([job, { ...job, attempt: 1 }]);
    await until(() => workers.runs.get(job.id) === 1, 'the job');
    await sleep(500);
    expect(workers.runs.get(job.id)).toBe(1);
  });

  it('dead-letters an unreadable message at once instead of retrying it', async () => {
    await rabbit.putRaw('sync', 'this is not a job');
    const dead = await until(async () => (await rabbit.takeDeadLetters('sync')).at(0), 'the dead letter');
    // What is kept is the CloudEvent the worker got, so the dead letter shows how it arrived.
    expect(dead).toEqual({ body: expect.stringContaining('this is not a job'), reason: 'data.body is not JSON' });
    const job: Job = aJob('sync');
    await rabbit.queue.publish([job]);
    await until(() => workers.runs.get(job.id) === 1, 'the next sync job');
  });
});
