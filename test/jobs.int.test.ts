import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import { jobFromEvent, MESSAGE_JOB_TYPES, type Job } from '@chat/core/domain/jobs/job';
import { aJob, anEvent, until } from '@chat/core/ports/job-queue.contract';
import { startQueueWorkers } from '../scripts/local-cloud/background.js';
import { requireServiceUrl } from './harness-env.js';
import { countingWorkers, jobDeps, testQueue } from './support/jobs.js';

// The broker-outage test is in jobs-outage.serial.test.ts: it stops the broker every suite shares.

// Tiny back-offs so a poison job exhausts its attempts within the test.
const POLICY = { maxAttempts: 3, delaysMs: [50, 150] };
const silent = () => undefined;

describe('RabbitMQ worker pipeline', () => {
  let rabbit: ReturnType<typeof testQueue>;
  let env: Awaited<ReturnType<typeof jobDeps>>;
  let stop: () => Promise<void>;
  const workers = countingWorkers();

  beforeAll(async () => {
    rabbit = testQueue(requireServiceUrl('AMQP_URL'), POLICY);
    env = await jobDeps('sql', rabbit.queue, POLICY.maxAttempts);
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

  it("runs one message event in all five workers; one worker's failures retry and dead-letter only its own job", async () => {
    const event = anEvent();
    const jobs = MESSAGE_JOB_TYPES.map((t) => jobFromEvent(event, t));
    const push = jobFromEvent(event, 'push');
    workers.poison.add(push.id);
    await rabbit.queue.publish([event]);
    const dead = await until(async () => (await rabbit.takeDeadLetters('push')).at(0), 'the dead letter', 30_000);
    expect(JSON.parse(dead.body)).toEqual({ ...push, attempt: POLICY.maxAttempts - 1 });
    // A redelivery of the event (a relay repeating it) is skipped by every worker that ran; the push
    // worker, which never completed its job, runs it again through its attempts, alone.
    await rabbit.queue.publish([event]);
    await until(async () => (await rabbit.takeDeadLetters('push')).at(0), 'the second dead letter', 30_000);
    await sleep(300);
    expect(jobs.map((j) => workers.runs.get(j.id))).toEqual(MESSAGE_JOB_TYPES.map((t) => (t === 'push' ? 2 * POLICY.maxAttempts : 1)));
    for (const type of MESSAGE_JOB_TYPES.filter((t) => t !== 'push')) expect(await rabbit.takeDeadLetters(type), type).toEqual([]);
    workers.poison.delete(push.id);
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
