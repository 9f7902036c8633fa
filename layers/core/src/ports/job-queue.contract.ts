import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isMessageJobType,
  jobFromEvent,
  JOB_TYPES,
  MESSAGE_JOB_TYPES,
  type Job,
  type JobType,
  type MessageEvent,
  type MessageEventBatch,
} from '../domain/jobs/job.js';
import type { RetryPolicy } from '../domain/jobs/retry.js';
import type { JobQueue, QueueMessage } from './job-queue.js';

export interface JobQueueHarness {
  /** A queue built with CONTRACT_POLICY, on a topology no other suite uses. */
  queue: JobQueue;
  /** Removes and returns what sits in a type's dead-letter queue. */
  takeDeadLetters(type: JobType): Promise<{ body: string; reason: string }[]>;
  /** Puts a body straight onto a type's work queue, as a foreign producer could. */
  putRaw(type: JobType, body: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Short back-offs so retries happen within a test. The second is long enough that a job waiting it
 * out cannot come back before jobs published right after it, even on a loaded machine.
 */
export const CONTRACT_POLICY: RetryPolicy = { maxAttempts: 3, delaysMs: [30, 600] };

export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function aJob(type: JobType = 'push', fields: Partial<Job> = {}): Job {
  const ref = { conversationId: `conv-${randomUUID()}`, seq: 1, messageId: randomUUID(), senderId: 'alice', createdAt: new Date().toISOString() };
  const payload = type === 'analytics' ? { kind: 'message' as const, message: ref } : ref;
  return { id: randomUUID(), type, payload, createdAt: new Date().toISOString(), attempt: 0, ...fields } as Job;
}

/** A new message's event, as `jobsForMessage` makes it. */
export function anEvent(): MessageEvent {
  const ref = { conversationId: `conv-${randomUUID()}`, seq: 1, messageId: randomUUID(), senderId: 'alice', createdAt: new Date().toISOString() };
  return { id: randomUUID(), type: 'message', payload: ref, createdAt: ref.createdAt, attempt: 0 };
}

/** The behaviour every JobQueue adapter must show. Called from each adapter's test file. */
export function describeJobQueueContract(name: string, open: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let h: JobQueueHarness;
    beforeAll(async () => {
      h = await open();
    }, 60_000);
    afterAll(async () => h?.close(), 60_000);

    /** Consumes `type` into an array until stopped; `fail` decides which batches to reject. */
    async function collect(type: JobType, fail: (batch: QueueMessage[]) => boolean = () => false) {
      const seen: QueueMessage[] = [];
      const batches: number[] = [];
      const consumer = await h.queue.consume(
        type,
        async (batch) => {
          if (fail(batch)) throw new Error('handler failed');
          batches.push(batch.length);
          seen.push(...batch);
        },
        { batchSize: 10, batchWindowMs: 20 },
      );
      return { seen, batches, stop: () => consumer.stop() };
    }

    it('declares its topology idempotently', async () => {
      await h.queue.assertTopology();
      await h.queue.assertTopology();
    });

    it('delivers every published job, as JSON with its id as message id, in batches', async () => {
      const jobs = Array.from({ length: 25 }, () => aJob('push'));
      const c = await collect('push');
      await h.queue.publish(jobs);
      await until(() => c.seen.length >= 25, '25 deliveries');
      await sleep(100);
      await c.stop();
      expect(c.seen.map((m) => JSON.parse(m.body) as Job)).toEqual(expect.arrayContaining(jobs));
      expect(c.seen).toHaveLength(25);
      expect(c.seen.every((m) => m.messageId === (JSON.parse(m.body) as Job).id && m.routingKey === 'push')).toBe(true);
      expect(Math.max(...c.batches)).toBeLessThanOrEqual(10);
    });

    it('delivers a batch again when its handler fails (at-least-once)', async () => {
      const job = aJob('sync');
      let failures = 0;
      const c = await collect('sync', () => failures++ < 2);
      await h.queue.publish([job]);
      await until(() => c.seen.length === 1, 'the redelivery');
      await c.stop();
      expect(failures).toBe(3);
      expect(c.seen[0]).toMatchObject({ messageId: job.id, redelivered: true });
    });

    it('retries a failed job after its back-off with the next attempt, then dead-letters it', async () => {
      const job = aJob('mention');
      const c = await collect('mention');
      const started = Date.now();
      expect(await h.queue.retryOrDeadLetter(job, new Error('boom 1'))).toBe('retried');
      await until(() => c.seen.length === 1, 'the first retry');
      expect(Date.now() - started).toBeGreaterThanOrEqual(CONTRACT_POLICY.delaysMs[0]! - 5);
      const again = JSON.parse(c.seen[0]!.body) as Job;
      expect(again).toEqual({ ...job, attempt: 1 });
      expect(await h.queue.retryOrDeadLetter(again, new Error('boom 2'))).toBe('retried');
      await until(() => c.seen.length === 2, 'the second retry');
      const last = JSON.parse(c.seen[1]!.body) as Job;
      expect(last.attempt).toBe(2);
      expect(await h.queue.retryOrDeadLetter(last, new Error('boom 3'))).toBe('dead-lettered');
      const dead = await until(async () => (await h.takeDeadLetters('mention')).at(0), 'the dead letter');
      expect(JSON.parse(dead.body)).toEqual(last);
      expect(dead.reason).toContain('boom 3');
      await sleep(150);
      await c.stop();
      expect(c.seen).toHaveLength(2);
    });

    it('keeps other jobs flowing while one waits out its back-off', async () => {
      // Its second retry: the 600 ms back-off (30 ms raced the publish of the others under load).
      const slow = aJob('email', { attempt: 1 });
      const others = Array.from({ length: 5 }, () => aJob('email'));
      const c = await collect('email');
      await h.queue.retryOrDeadLetter(slow, new Error('later'));
      await h.queue.publish(others);
      await until(() => c.seen.length === 6, 'all six');
      await c.stop();
      expect(
        c.seen
          .slice(0, 5)
          .map((m) => m.messageId)
          .sort(),
      ).toEqual(others.map((j) => j.id).sort());
      expect(c.seen[5]!.messageId).toBe(slow.id);
    });

    it('dead-letters what a worker could not read, and passes foreign bodies through as they are', async () => {
      await h.queue.deadLetter('analytics', { not: 'a job' }, 'not a valid analytics job');
      await h.queue.deadLetter('analytics', 'plain text', 'not JSON');
      const dead = await until(async () => {
        const taken = await h.takeDeadLetters('analytics');
        return taken.length > 0 ? taken : undefined;
      }, 'dead letters');
      const more = dead.length < 2 ? await until(async () => (await h.takeDeadLetters('analytics')).at(0), 'the second') : undefined;
      const all = more ? [...dead, more] : dead;
      expect(all.map((d) => [d.body, d.reason])).toEqual([
        ['{"not":"a job"}', 'not a valid analytics job'],
        ['plain text', 'not JSON'],
      ]);
      const c = await collect('analytics');
      await h.putRaw('analytics', 'garbage');
      await until(() => c.seen.length === 1, 'the raw message');
      await c.stop();
      expect(c.seen[0]!.body).toBe('garbage');
    });

    /** Consumes every type's queue at once. */
    async function collectAll() {
      const all = new Map(await Promise.all(JOB_TYPES.map(async (type) => [type, await collect(type)] as const)));
      const seen = (type: JobType) => all.get(type)!.seen;
      return { seen, stop: () => Promise.all([...all.values()].map((c) => c.stop())) };
    }

    it('copies one published message event to the queue of every message worker, and of no other', async () => {
      const event = anEvent();
      const c = await collectAll();
      await h.queue.publish([event]);
      await until(() => MESSAGE_JOB_TYPES.every((t) => c.seen(t).length === 1), 'a copy in each worker queue');
      await sleep(150);
      await c.stop();
      for (const type of JOB_TYPES) expect(c.seen(type), type).toHaveLength(isMessageJobType(type) ? 1 : 0);
      for (const type of MESSAGE_JOB_TYPES) {
        const body = JSON.parse(c.seen(type)[0]!.body) as MessageEventBatch;
        expect(body).toMatchObject({ type: 'message.batch', events: [event] });
        expect(c.seen(type)[0]).toMatchObject({ messageId: body.id, routingKey: 'message' });
      }
    });

    it('delivers each event of concurrent publishes to every message worker once, in batches that name them all', async () => {
      const calls = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? [anEvent(), anEvent()] : [anEvent()]));
      const published = calls.flat();
      const c = await collectAll();
      await Promise.all(calls.map((events) => h.queue.publish(events)));
      const eventsIn = (type: JobType) => c.seen(type).flatMap((m) => (JSON.parse(m.body) as MessageEventBatch).events);
      await until(() => MESSAGE_JOB_TYPES.every((t) => eventsIn(t).length >= published.length), 'every event in each worker queue');
      await sleep(150);
      await c.stop();
      for (const type of MESSAGE_JOB_TYPES) {
        expect(eventsIn(type), type).toHaveLength(published.length);
        expect(eventsIn(type), type).toEqual(expect.arrayContaining(published));
        // One call's events (fewer than a batch holds) stay together, in the order they were given.
        for (const events of calls.filter((e) => e.length > 1)) {
          const batch = c.seen(type).find((m) => m.body.includes(events[0]!.id))!;
          const ids = (JSON.parse(batch.body) as MessageEventBatch).events.map((e) => e.id);
          expect(ids.indexOf(events[1]!.id), type).toBe(ids.indexOf(events[0]!.id) + 1);
        }
      }
    });

    it("retries one worker's job of an event on that worker's queue only", async () => {
      const event = anEvent();
      const c = await collectAll();
      await h.queue.publish([event]);
      await until(() => MESSAGE_JOB_TYPES.every((t) => c.seen(t).length === 1), 'the copies');
      const push = jobFromEvent(event, 'push');
      expect(await h.queue.retryOrDeadLetter(push, new Error('fcm down'))).toBe('retried');
      await until(() => c.seen('push').length === 2, 'the retry');
      await sleep(150);
      await c.stop();
      expect(JSON.parse(c.seen('push')[1]!.body)).toEqual({ ...push, attempt: 1 });
      expect(c.seen('push')[1]).toMatchObject({ messageId: push.id, routingKey: 'push' });
      expect(MESSAGE_JOB_TYPES.filter((t) => t !== 'push').map((t) => c.seen(t).length)).toEqual([1, 1, 1, 1]);
    });

    it("dead-letters one worker's job of an event into that worker's dead-letter queue only", async () => {
      const event = anEvent();
      const last = { ...jobFromEvent(event, 'email'), attempt: CONTRACT_POLICY.maxAttempts - 1 };
      expect(await h.queue.retryOrDeadLetter(last, new Error('smtp refused'))).toBe('dead-lettered');
      const dead = await until(async () => (await h.takeDeadLetters('email')).at(0), 'the dead letter');
      expect(JSON.parse(dead.body)).toEqual(last);
      expect(dead.reason).toContain('smtp refused');
      for (const type of JOB_TYPES.filter((t) => t !== 'email')) expect(await h.takeDeadLetters(type), type).toEqual([]);
    });

    it('stops delivering to a stopped consumer', async () => {
      const c = await collect('push');
      await c.stop();
      const job = aJob('push');
      await h.queue.publish([job]);
      await sleep(200);
      expect(c.seen).toEqual([]);
      // Hand it to a new consumer so the queue is left empty.
      const d = await collect('push');
      await until(() => d.seen.length === 1, 'the parked job');
      await d.stop();
    });
  });
}
