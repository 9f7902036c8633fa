import type { Channel, Options } from 'amqplib';
import { isMessageJobType, JOB_TYPES, type JobType } from '../../domain/jobs/job.js';
import { retryDelays, type RetryPolicy } from '../../domain/jobs/retry.js';

/**
 * The broker layout for jobs, for a name prefix `p` (default `chat`):
 *
 * - `p.jobs` (direct): routing key = job type → work queue `p.jobs.<type>`. The FC RabbitMQ
 *   trigger of each worker function reads its work queue (s.yaml `QueueName`).
 * - `p.jobs.message` (fanout): a new message's event, published once; the work queues of the
 *   `MESSAGE_JOB_TYPES` workers are bound to it, so the broker puts a copy in each of them.
 * - `p.jobs.retry` (direct): key `<type>.<delay>ms` → `p.jobs.<type>.retry.<delay>ms`, a queue
 *   nobody consumes, with `x-message-ttl = delay`; an expired message is dead-lettered back to
 *   `p.jobs` with its type as routing key, i.e. into the work queue again, and only that one: a
 *   retry never passes through the fan-out, so the other workers do not see it. One TTL per
 *   queue keeps expiry in FIFO order (a shorter per-message TTL would wait behind a longer one).
 * - `p.jobs.dead` (direct): key = type → `p.jobs.<type>.dead`, the dead-letter queue. Work
 *   queues dead-letter into it too, so a message a consumer rejects is kept, not dropped.
 *
 * Everything is durable. Retry queues are named by their delay, so changing the back-off schedule
 * declares new queues instead of clashing with the arguments of existing ones.
 */
export interface Topology {
  workExchange: string;
  messageExchange: string;
  retryExchange: string;
  deadExchange: string;
  workQueue(type: JobType): string;
  deadQueue(type: JobType): string;
  retryQueue(type: JobType, delayMs: number): string;
  retryKey(type: JobType, delayMs: number): string;
}

export const DEFAULT_PREFIX = 'chat';

export function topology(prefix = DEFAULT_PREFIX): Topology {
  const base = `${prefix}.jobs`;
  return {
    workExchange: base,
    messageExchange: `${base}.message`,
    retryExchange: `${base}.retry`,
    deadExchange: `${base}.dead`,
    workQueue: (type) => `${base}.${type}`,
    deadQueue: (type) => `${base}.${type}.dead`,
    retryQueue: (type, delayMs) => `${base}.${type}.retry.${delayMs}ms`,
    retryKey: (type, delayMs) => `${type}.${delayMs}ms`,
  };
}

/** The work queue's name for the default prefix: what s.yaml's triggers must name. */
export const workQueueName = (type: JobType, prefix = DEFAULT_PREFIX) => topology(prefix).workQueue(type);

/** The fan-out exchange every message worker's queue is bound to, for the default prefix (s.yaml descriptions). */
export const messageExchangeName = (prefix = DEFAULT_PREFIX) => topology(prefix).messageExchange;

/** Every queue the topology declares for a policy (tests delete them afterwards). */
export function queueNames(t: Topology, policy: RetryPolicy): string[] {
  return JOB_TYPES.flatMap((type) => [t.workQueue(type), t.deadQueue(type), ...retryDelays(policy).map((d) => t.retryQueue(type, d))]);
}

/** Every exchange the topology declares (tests delete them afterwards). */
export const exchangeNames = (t: Topology): string[] => [t.workExchange, t.messageExchange, t.retryExchange, t.deadExchange];

/**
 * Declares the whole layout. Re-declaring with the same arguments is a no-op for the broker, so
 * every instance may call this on connect; different arguments for an existing queue fail (406).
 */
export async function assertTopology(ch: Channel, t: Topology, policy: RetryPolicy): Promise<void> {
  const durable: Options.AssertExchange = { durable: true, autoDelete: false };
  await ch.assertExchange(t.workExchange, 'direct', durable);
  await ch.assertExchange(t.messageExchange, 'fanout', durable);
  await ch.assertExchange(t.retryExchange, 'direct', durable);
  await ch.assertExchange(t.deadExchange, 'direct', durable);
  for (const type of JOB_TYPES) {
    await ch.assertQueue(t.deadQueue(type), { durable: true });
    await ch.bindQueue(t.deadQueue(type), t.deadExchange, type);
    await ch.assertQueue(t.workQueue(type), { durable: true, deadLetterExchange: t.deadExchange, deadLetterRoutingKey: type });
    await ch.bindQueue(t.workQueue(type), t.workExchange, type);
    if (isMessageJobType(type)) await ch.bindQueue(t.workQueue(type), t.messageExchange, '');
    for (const delayMs of retryDelays(policy)) {
      const queue = t.retryQueue(type, delayMs);
      await ch.assertQueue(queue, { durable: true, messageTtl: delayMs, deadLetterExchange: t.workExchange, deadLetterRoutingKey: type });
      await ch.bindQueue(queue, t.retryExchange, t.retryKey(type, delayMs));
    }
  }
}
