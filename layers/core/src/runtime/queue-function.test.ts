import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useEmbeddedDeps } from '../../../../test/support/deps.js';
import { processQueues, type Deps } from '../../../../test/support/deps.js';
import { jobFromEvent, type Job } from '../domain/jobs/job.js';
import { aJob, anEvent, until } from '../ports/job-queue.contract.js';
import type { FcContext } from './fc-types.js';
import { queueFunction } from './queue-function.js';
import type { RabbitMqCloudEvent } from './queue-event.js';

// The EventBridge sample event (reference/fc-notes.md §2.2), with our job as its body.
const sample = JSON.parse(readFileSync(new URL('./fixtures/rabbitmq-cloudevent.json', import.meta.url), 'utf8')) as RabbitMqCloudEvent;
const eventFor = (body: unknown): RabbitMqCloudEvent => ({ ...sample, data: { ...sample.data, body } });
const asBuffer = (event: unknown) => Buffer.from(JSON.stringify(event));
const context: FcContext = { requestId: 'req-1' };

describe('queueFunction', () => {
  let deps: Deps;
  const runs: Job<'push'>[] = [];
  const failing = new Set<string>();
  const handler = queueFunction('push', async (job) => {
    runs.push(job);
    if (failing.has(job.id)) throw new Error(`cannot deliver ${job.id}`);
  });
  const ranTimes = (id: string) => runs.filter((j) => j.id === id).length;

  beforeAll(async () => {
    deps = await useEmbeddedDeps({ JOB_MAX_ATTEMPTS: '2', JOB_RETRY_DELAYS_MS: '20' });
  });

  it('works on a single CloudEvent (event-driven mode) and records the job as done', async () => {
    const job = aJob('push');
    expect(await handler(asBuffer(eventFor(job)), context)).toEqual({ processed: 1, skipped: 0, retried: 0, deadLettered: 0 });
    expect(runs.at(-1)).toEqual(job);
    expect(await deps.ledger.claim(job, 1000)).toBe('done');
  });

  it('works on a batch (event-streaming mode), whatever form each body arrives in', async () => {
    const [a, b, c] = [aJob('push'), aJob('push'), aJob('push')];
    const batch = [eventFor(a), eventFor(JSON.stringify(b)), eventFor(Buffer.from(JSON.stringify(c)).toString('base64'))];
    expect(await handler(asBuffer(batch), context)).toEqual({ processed: 3, skipped: 0, retried: 0, deadLettered: 0 });
    expect([a, b, c].map((j) => ranTimes(j.id))).toEqual([1, 1, 1]);
  });

  it('has a duplicate delivery take effect once, in the same batch or a later one', async () => {
    const job = aJob('push');
    expect(await handler(asBuffer([eventFor(job), eventFor(job)]), context)).toMatchObject({ processed: 1, skipped: 1 });
    expect(await handler(asBuffer(eventFor({ ...job, attempt: 1 })), context)).toMatchObject({ processed: 0, skipped: 1 });
    expect(ranTimes(job.id)).toBe(1);
  });

  it('re-queues only the failed item of a batch, which runs again after its back-off', async () => {
    const [ok1, bad, ok2] = [aJob('push'), aJob('push'), aJob('push')];
    failing.add(bad.id);
    expect(await handler(asBuffer([eventFor(ok1), eventFor(bad), eventFor(ok2)]), context)).toEqual({ processed: 2, skipped: 0, retried: 1, deadLettered: 0 });
    await until(() => processQueues.depth('push') === 1, 'the retry');
    // The retry is claimable at once: the failed run released its lease.
    const retried = vi.fn();
    const consumer = await deps.jobs.consume('push', async (batch) => retried(...batch.map((m) => JSON.parse(m.body) as Job)));
    await until(() => retried.mock.calls.length === 1, 'the retried job');
    await consumer.stop();
    expect(retried).toHaveBeenCalledWith({ ...bad, attempt: 1 });
    expect(await deps.ledger.claim(bad, 1000)).toBe('claimed');
    await deps.ledger.release(bad.id);
  });

  it('dead-letters a job that fails on its last attempt', async () => {
    const job = { ...aJob('push'), attempt: 1 };
    failing.add(job.id);
    expect(await handler(asBuffer(eventFor(job)), context)).toMatchObject({ processed: 0, deadLettered: 1 });
    const dead = processQueues.takeDeadLetters('push');
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.body)).toEqual(job);
    expect(dead[0]!.reason).toContain(`cannot deliver ${job.id}`);
  });

  it('dead-letters a poison message at once, without running or retrying it, and works on the rest', async () => {
    const good = aJob('push');
    const wrongType = aJob('email');
    const batch = [sample, eventFor(good), eventFor(wrongType), { ...sample, data: undefined }, 'not even an object'];
    expect(await handler(asBuffer(batch), context)).toEqual({ processed: 1, skipped: 0, retried: 0, deadLettered: 4 });
    expect(ranTimes(wrongType.id)).toBe(0);
    const dead = processQueues.takeDeadLetters('push');
    expect(dead.map((d) => d.reason)).toEqual([
      expect.stringContaining('not a valid push job'),
      expect.stringContaining('type'),
      expect.stringContaining('no data'),
      expect.stringContaining('not an object'),
    ]);
    expect(JSON.parse(dead[0]!.body)).toEqual(sample);
    expect(await handler(Buffer.from('{{{'), context)).toMatchObject({ deadLettered: 1 });
    expect(processQueues.takeDeadLetters('push')[0]).toEqual({ body: '{{{', reason: 'the event is not JSON' });
    expect(processQueues.delayedCount).toBe(0);
  });

  it("runs a message event as this worker's own job, once per worker: a redelivery here is skipped, another worker still runs it", async () => {
    const event = anEvent();
    const emailRuns: Job<'email'>[] = [];
    const email = queueFunction('email', async (job) => void emailRuns.push(job));
    expect(await handler(asBuffer(eventFor(event)), context)).toMatchObject({ processed: 1, skipped: 0 });
    expect(runs.at(-1)).toEqual(jobFromEvent(event, 'push'));
    expect(runs.at(-1)).toMatchObject({ id: `${event.id}.push`, type: 'push', payload: event.payload, attempt: 0 });
    expect(await handler(asBuffer(eventFor(event)), context)).toMatchObject({ processed: 0, skipped: 1 });
    expect(await email(asBuffer(eventFor(event)), context)).toMatchObject({ processed: 1, skipped: 0 });
    expect(emailRuns).toEqual([jobFromEvent(event, 'email')]);
    expect(ranTimes(`${event.id}.push`)).toBe(1);
  });

  it("re-queues a failed event run as this worker's job, on this worker's queue alone", async () => {
    const event = anEvent();
    const push = jobFromEvent(event, 'push');
    failing.add(push.id);
    expect(await handler(asBuffer(eventFor(event)), context)).toMatchObject({ processed: 0, retried: 1 });
    await until(() => processQueues.depth('push') === 1, 'the retry');
    expect(['email', 'mention', 'sync', 'analytics'].map((t) => processQueues.depth(t as 'email'))).toEqual([0, 0, 0, 0]);
    const retried = vi.fn();
    const consumer = await deps.jobs.consume('push', async (batch) => retried(...batch.map((m) => JSON.parse(m.body) as Job)));
    await until(() => retried.mock.calls.length === 1, 'the retried job');
    await consumer.stop();
    expect(retried).toHaveBeenCalledWith({ ...push, attempt: 1 });
    failing.delete(push.id);
  });

  it('dead-letters a message event on a queue it is not for, and a malformed one', async () => {
    const media = queueFunction('media', async () => undefined);
    expect(await media(asBuffer(eventFor(anEvent())), context)).toMatchObject({ processed: 0, deadLettered: 1 });
    expect(processQueues.takeDeadLetters('media')[0]!.reason).toContain('no message event is for');
    expect(await handler(asBuffer(eventFor({ ...anEvent(), payload: { seq: 'x' } })), context)).toMatchObject({ deadLettered: 1 });
    expect(processQueues.takeDeadLetters('push')[0]!.reason).toContain('not a valid message event');
  });

  it('runs each event of a batch as its own job: a bad event is dead-lettered alone, a failed one retried alone', async () => {
    const [ok, bad, failed] = [anEvent(), { ...anEvent(), payload: { seq: 'x' } }, anEvent()];
    failing.add(`${failed.id}.push`);
    const batch = { id: 'b-1', type: 'message.batch', events: [ok, bad, failed] };
    expect(await handler(asBuffer(eventFor(batch)), context)).toEqual({ processed: 1, skipped: 0, retried: 1, deadLettered: 1 });
    expect(runs.at(-2)).toEqual(jobFromEvent(ok, 'push'));
    const dead = processQueues.takeDeadLetters('push');
    expect(dead.map((d) => JSON.parse(d.body) as unknown)).toEqual([bad]);
    expect(dead[0]!.reason).toContain('not a valid message event');
    await until(() => processQueues.depth('push') === 1, 'the retry');
    const retried = vi.fn();
    const consumer = await deps.jobs.consume('push', async (b) => retried(...b.map((m) => JSON.parse(m.body) as Job)));
    await until(() => retried.mock.calls.length === 1, 'the retried job');
    await consumer.stop();
    expect(retried).toHaveBeenCalledWith({ ...jobFromEvent(failed, 'push'), attempt: 1 });
    failing.delete(`${failed.id}.push`);
    // A batch delivered again runs only what did not complete.
    expect(await handler(asBuffer(eventFor({ ...batch, events: [ok] })), context)).toMatchObject({ processed: 0, skipped: 1 });
  });

  it('dead-letters a batch without events as it arrived', async () => {
    const empty = eventFor({ id: 'b-2', type: 'message.batch', events: [] });
    expect(await handler(asBuffer(empty), context)).toMatchObject({ processed: 0, deadLettered: 1 });
    const dead = processQueues.takeDeadLetters('push');
    expect(JSON.parse(dead[0]!.body)).toEqual(empty);
    expect(dead[0]!.reason).toBe('a message event batch without events');
  });

  it('does not run a job another worker holds; it retries later instead', async () => {
    const job = aJob('push');
    await deps.ledger.claim(job, 60_000);
    expect(await handler(asBuffer(eventFor(job)), context)).toMatchObject({ processed: 0, retried: 1 });
    expect(ranTimes(job.id)).toBe(0);
  });

  it('fails the invocation only when a failed job cannot be re-queued; the redelivery skips what ran', async () => {
    const [ok, bad] = [aJob('push'), aJob('push')];
    failing.add(bad.id);
    const requeue = vi.spyOn(deps.jobs, 'retryOrDeadLetter').mockRejectedValueOnce(new Error('broker down'));
    const event = asBuffer([eventFor(ok), eventFor(bad)]);
    await expect(handler(event, context)).rejects.toThrow('could not be re-queued');
    requeue.mockRestore();
    failing.delete(bad.id);
    expect(await handler(event, context)).toEqual({ processed: 1, skipped: 1, retried: 0, deadLettered: 0 });
    expect([ranTimes(ok.id), ranTimes(bad.id)]).toEqual([1, 2]);
  });
});
