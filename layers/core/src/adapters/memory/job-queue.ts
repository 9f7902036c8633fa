import { randomUUID } from 'node:crypto';
import { eventBatches, JOB_TYPES, MESSAGE_JOB_TYPES, type Job, type JobType, type MessageEvent, type OutboxJob } from '../../domain/jobs/job.js';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from '../../domain/jobs/retry.js';
import type { ConsumeOptions, Consumer, JobQueue, QueueMessage } from '../../ports/job-queue.js';
import { topology } from '../rabbitmq/topology.js';

export interface DeadLetter {
  body: string;
  reason: string;
}

interface Subscriber {
  handle: (batch: QueueMessage[]) => Promise<void>;
  batchSize: number;
  batchWindowMs: number;
  busy: boolean;
  stopped: boolean;
}

interface TypeQueue {
  ready: QueueMessage[];
  dead: DeadLetter[];
  subscribers: Subscriber[];
  timer: NodeJS.Timeout | undefined;
}

const names = topology();
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
// Like RabbitMQ's consumer below: a failed batch is handed back after a pause, not at once.
const REDELIVERY_DELAY_MS = 50;

/**
 * The in-memory broker: one per process (composition exports it), shared by every MemoryJobQueue,
 * so the local cloud's functions and its queue consumers meet on it. Timers are unref'd: pending
 * retries never keep a process alive.
 */
export class MemoryQueueHub {
  private readonly queues = new Map<JobType, TypeQueue>(JOB_TYPES.map((t) => [t, { ready: [], dead: [], subscribers: [], timer: undefined }]));
  private deliveryTag = 0;
  private delayed = 0;
  /** Bumped by reset(): timers and failed batches from before it must not reach the fresh hub. */
  private generation = 0;

  put(
    type: JobType,
    body: string,
    messageId: string | undefined,
    redelivered = false,
    via = { exchange: names.workExchange, routingKey: type as string },
  ): void {
    const message = { body, messageId, ...via, deliveryTag: ++this.deliveryTag, redelivered };
    if (redelivered) this.queue(type).ready.unshift(message);
    else this.queue(type).ready.push(message);
    this.schedule(type);
  }

  later(delayMs: number, run: () => void): void {
    const generation = this.generation;
    this.delayed++;
    setTimeout(() => {
      if (generation !== this.generation) return;
      this.delayed--;
      run();
    }, delayMs).unref();
  }

  /**
   * Forgets every message, dead letter, consumer and pending retry. Test files that share a worker
   * process (the unit project runs without isolation) share this hub; each starts from a fresh one.
   */
  reset(): void {
    this.generation++;
    this.delayed = 0;
    for (const q of this.queues.values()) {
      clearTimeout(q.timer);
      for (const s of q.subscribers) s.stopped = true;
      Object.assign(q, { ready: [], dead: [], subscribers: [], timer: undefined });
    }
  }

  deadLetter(type: JobType, body: string, reason: string): void {
    this.queue(type).dead.push({ body, reason });
  }

  /** What sits in a type's dead-letter queue (for tests and tooling). */
  deadLetters(type: JobType): DeadLetter[] {
    return [...this.queue(type).dead];
  }

  /** Empties a type's dead-letter queue, returning what it held. */
  takeDeadLetters(type: JobType): DeadLetter[] {
    return this.queue(type).dead.splice(0);
  }

  /** Messages waiting in a type's work queue, not yet handed to a consumer. */
  depth(type: JobType): number {
    return this.queue(type).ready.length;
  }

  /** Retries waiting out their back-off. */
  get delayedCount(): number {
    return this.delayed;
  }

  subscribe(type: JobType, handle: Subscriber['handle'], options: ConsumeOptions): Consumer {
    const subscriber: Subscriber = { handle, batchSize: options.batchSize ?? 50, batchWindowMs: options.batchWindowMs ?? 10, busy: false, stopped: false };
    this.queue(type).subscribers.push(subscriber);
    this.schedule(type);
    return {
      stop: async () => {
        subscriber.stopped = true;
        const q = this.queue(type);
        q.subscribers = q.subscribers.filter((s) => s !== subscriber);
      },
    };
  }

  private queue(type: JobType): TypeQueue {
    const q = this.queues.get(type);
    if (!q) throw new Error(`unknown job type ${type}`);
    return q;
  }

  private schedule(type: JobType): void {
    const q = this.queue(type);
    const idle = q.subscribers.find((s) => !s.busy);
    if (!idle || q.ready.length === 0 || q.timer) return;
    // Wait for the batch to fill unless it already has.
    const wait = q.ready.length >= idle.batchSize ? 0 : idle.batchWindowMs;
    q.timer = setTimeout(() => {
      q.timer = undefined;
      this.dispatch(type, idle);
    }, wait);
    q.timer.unref();
  }

  private dispatch(type: JobType, subscriber: Subscriber): void {
    const q = this.queue(type);
    if (subscriber.stopped || subscriber.busy) return this.schedule(type);
    const batch = q.ready.splice(0, subscriber.batchSize);
    if (batch.length === 0) return;
    subscriber.busy = true;
    const generation = this.generation;
    subscriber
      .handle(batch.map((m) => ({ ...m })))
      .catch(() => {
        if (generation !== this.generation) return;
        this.later(REDELIVERY_DELAY_MS, () =>
          batch.reverse().forEach((m) => this.put(type, m.body, m.messageId, true, { exchange: m.exchange, routingKey: m.routingKey })),
        );
      })
      .finally(() => {
        subscriber.busy = false;
        this.schedule(type);
      });
    this.schedule(type);
  }
}

/** JobQueue over a MemoryQueueHub, with its own retry policy. Not durable: for one process only. */
export class MemoryJobQueue implements JobQueue {
  private readonly consumers = new Set<Consumer>();

  constructor(
    readonly hub: MemoryQueueHub,
    readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  async assertTopology(): Promise<void> {}

  async publish(jobs: readonly OutboxJob[]): Promise<void> {
    const events = jobs.filter((job): job is MessageEvent => job.type === 'message');
    // The fan-out: a copy of each batch of events in every bound worker's queue, as RabbitMQ makes them.
    for (const batch of eventBatches(events, randomUUID)) {
      const body = JSON.stringify(batch);
      for (const type of MESSAGE_JOB_TYPES) this.hub.put(type, body, batch.id, false, { exchange: names.messageExchange, routingKey: 'message' });
    }
    for (const job of jobs) if (job.type !== 'message') this.hub.put(job.type, JSON.stringify(job), job.id);
  }

  async retryOrDeadLetter(job: Job, error: unknown): Promise<'retried' | 'dead-lettered'> {
    const retry = nextRetry(job.attempt, this.policy);
    if (!retry) {
      this.hub.deadLetter(job.type, JSON.stringify(job), errorText(error));
      return 'dead-lettered';
    }
    const again = JSON.stringify({ ...job, attempt: job.attempt + 1 });
    this.hub.later(retry.delayMs, () => this.hub.put(job.type, again, job.id));
    return 'retried';
  }

  async deadLetter(type: JobType, body: unknown, reason: string): Promise<void> {
    this.hub.deadLetter(type, typeof body === 'string' ? body : (JSON.stringify(body) ?? 'undefined'), reason);
  }

  async consume(type: JobType, handle: (batch: QueueMessage[]) => Promise<void>, options: ConsumeOptions = {}): Promise<Consumer> {
    const consumer = this.hub.subscribe(type, handle, options);
    this.consumers.add(consumer);
    return { stop: async () => (this.consumers.delete(consumer), consumer.stop()) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
  }
}
