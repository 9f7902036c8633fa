import type { Job, JobType, OutboxJob } from '../domain/jobs/job.js';

/** One message as a queue's consumer (the FC RabbitMQ trigger, or the local cloud) receives it. */
export interface QueueMessage {
  /** The message body as published: a job's (or message event's) JSON, unless someone put something else on the queue. */
  body: string;
  /** AMQP `message-id`; the job or event id for what this port published. */
  messageId: string | undefined;
  exchange: string;
  routingKey: string;
  deliveryTag: number;
  redelivered: boolean;
}

export interface ConsumeOptions {
  /** Most messages handed over at once (the trigger's CountBasedWindow). */
  batchSize?: number;
  /** How long to wait for a batch to fill (the trigger's TimeBasedWindow). */
  batchWindowMs?: number;
}

export interface Consumer {
  stop(): Promise<void>;
}

/**
 * The job broker. Adapters: RabbitMQ (`adapters/rabbitmq`: durable topology, persistent messages,
 * publisher confirms) and memory (one process; the local cloud's default). Both pass
 * `job-queue.contract.ts`.
 *
 * Invariants:
 * - `publish` resolves only once the broker has taken responsibility for every job (confirmed and
 *   routed to its type's queue) and rejects otherwise, so the outbox keeps what was not confirmed.
 *   A `MessageEvent` reaches the queue of every `MESSAGE_JOB_TYPES` worker (the broker copies
 *   it), unchanged, inside a `MessageEventBatch` that may hold other events of the same or of
 *   concurrent publishes: each worker derives its own job from each event (`workerJobs`).
 * - Delivery is at-least-once: a job may arrive more than once, never zero times once published.
 * - A failed job is retried after the policy's back-off with `attempt + 1`, up to the policy's
 *   `maxAttempts`; then, like anything unreadable, it lands in its type's dead-letter queue.
 *   Neither blocks other jobs of the type, and both stay with that type: a retry of one worker's
 *   job derived from an event reaches that worker's queue only, never the other workers'.
 */
export interface JobQueue {
  /** Declares exchanges and queues; idempotent, and safe to call from every instance. */
  assertTopology(): Promise<void>;
  publish(jobs: readonly OutboxJob[]): Promise<void>;
  /** Re-queues a failed job with a back-off, or dead-letters it once its attempts are spent. */
  retryOrDeadLetter(job: Job, error: unknown): Promise<'retried' | 'dead-lettered'>;
  /** Puts something a worker of `type` could not read into that type's dead-letter queue. */
  deadLetter(type: JobType, body: unknown, reason: string): Promise<void>;
  /**
   * Consumes one type's queue in batches (the local cloud's stand-in for an FC RabbitMQ trigger).
   * When `handle` resolves the batch is acknowledged; when it rejects the whole batch is delivered
   * again later, as the trigger retries a failed invocation.
   */
  consume(type: JobType, handle: (batch: QueueMessage[]) => Promise<void>, options?: ConsumeOptions): Promise<Consumer>;
  close(): Promise<void>;
}
