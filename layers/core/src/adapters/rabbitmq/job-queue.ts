import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type Options } from 'amqplib';
import type { Job, JobType, MessageEvent, OutboxJob } from '../../domain/jobs/job.js';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from '../../domain/jobs/retry.js';
import type { ConsumeOptions, Consumer, JobQueue, QueueMessage } from '../../ports/job-queue.js';
import { RabbitConsumer } from './consumer.js';
import { EventCoalescer } from './event-batches.js';
import { assertTopology, topology, type Topology } from './topology.js';

export interface RabbitJobQueueOptions {
  /** Name prefix of exchanges and queues (tests use their own). */
  prefix?: string;
  policy?: RetryPolicy;
  /** Bounds connecting and each publish, so a dead broker fails a send's relay fast. */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

interface Link {
  model: ChannelModel;
  confirm: ConfirmChannel;
  /** Abandons this connection; the next call opens a new one. */
  drop(): void;
}

interface Outgoing {
  exchange: string;
  routingKey: string;
  body: string;
  messageId: string;
  type: string;
  headers?: Record<string, unknown>;
}

// Headers travel in a 64 KiB table; an error text never needs to be long.
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`RabbitMQ: ${what} timed out after ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * JobQueue over RabbitMQ (amqplib). One connection per instance, opened on first use and again
 * after it is lost, so a function starts (and a send succeeds) while the broker is down. Every
 * publish is persistent, mandatory and confirmed: it resolves only after the broker acked it and
 * did not return it as unroutable. The topology is asserted on every new connection.
 *
 * `mandatory` on the fan-out only catches "no queue at all": the broker cannot say that one of
 * the five bound queues is missing (an operator deleted it); the copies for it are then dropped
 * until the next connection's topology assertion declares the queue and its binding again.
 */
export class RabbitJobQueue implements JobQueue {
  private link: Promise<Link> | undefined;
  private readonly returned = new Set<string>();
  private readonly consumers = new Set<Consumer>();
  readonly names: Topology;
  readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly events = new EventCoalescer((batches) =>
    this.send(
      // The fan-out ignores the routing key; `message` tells a reader of the envelope what came.
      batches.map((b) => ({ exchange: this.names.messageExchange, routingKey: 'message', body: JSON.stringify(b), messageId: b.id, type: b.type })),
    ),
  );

  constructor(
    private readonly url: string,
    options: RabbitJobQueueOptions = {},
  ) {
    this.names = topology(options.prefix);
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.onError = options.onError ?? (() => undefined);
  }

  async assertTopology(): Promise<void> {
    const { confirm } = await this.connected();
    await assertTopology(confirm, this.names, this.policy);
  }

  /**
   * One confirm wait for all of `jobs`. Message events go through the coalescer: the events of
   * concurrent calls share one broker message (`MessageEventBatch`), which the fan-out copies to
   * the five worker queues; other jobs are one message each, to their type's queue.
   */
  async publish(jobs: readonly OutboxJob[]): Promise<void> {
    const events = jobs.filter((job): job is MessageEvent => job.type === 'message');
    const others = jobs.filter((job): job is Job => job.type !== 'message');
    await Promise.all([
      this.events.publish(events),
      this.send(
        others.map((job) => ({ exchange: this.names.workExchange, routingKey: job.type, body: JSON.stringify(job), messageId: job.id, type: job.type })),
      ),
    ]);
  }

  async retryOrDeadLetter(job: Job, error: unknown): Promise<'retried' | 'dead-lettered'> {
    const retry = nextRetry(job.attempt, this.policy);
    if (!retry) {
      await this.send([
        {
          exchange: this.names.deadExchange,
          routingKey: job.type,
          body: JSON.stringify(job),
          messageId: job.id,
          type: job.type,
          headers: { 'x-error': errorText(error), 'x-attempts': job.attempt + 1 },
        },
      ]);
      return 'dead-lettered';
    }
    const again = { ...job, attempt: job.attempt + 1 };
    const routingKey = this.names.retryKey(job.type, retry.delayMs);
    await this.send([
      {
        exchange: this.names.retryExchange,
        routingKey,
        body: JSON.stringify(again),
        messageId: job.id,
        type: job.type,
        headers: { 'x-last-error': errorText(error) },
      },
    ]);
    return 'retried';
  }

  async deadLetter(type: JobType, body: unknown, reason: string): Promise<void> {
    const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'undefined');
    await this.send([
      { exchange: this.names.deadExchange, routingKey: type, body: text, messageId: randomUUID(), type, headers: { 'x-error': reason.slice(0, 1000) } },
    ]);
  }

  async consume(type: JobType, handle: (batch: QueueMessage[]) => Promise<void>, options: ConsumeOptions = {}): Promise<Consumer> {
    await this.assertTopology();
    const settings = {
      queue: this.names.workQueue(type),
      batchSize: options.batchSize ?? 50,
      batchWindowMs: options.batchWindowMs ?? 200,
      redeliveryDelayMs: 1_000,
      reconnectDelayMs: 1_000,
      onError: this.onError,
    };
    const consumer = await new RabbitConsumer(async () => (await this.connected()).model, handle, settings).start();
    this.consumers.add(consumer);
    return { stop: async () => (this.consumers.delete(consumer), consumer.stop()) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
    const link = this.link;
    this.link = undefined;
    await link?.then((l) => l.model.close()).catch(() => undefined);
  }

  private async send(messages: readonly Outgoing[]): Promise<void> {
    if (messages.length === 0) return;
    const { confirm, drop } = await this.connected();
    // Each publish waits for its own confirm, not for the channel's: `waitForConfirms` waits for
    // every message outstanding on the shared channel, so under load each send waited for all the
    // others' confirms too (12 % of the gateway's profile in amqplib's bookkeeping, issue 15).
    const confirmed = messages.map((m) => {
      const options: Options.Publish = {
        persistent: true,
        mandatory: true,
        messageId: m.messageId,
        type: m.type,
        contentType: 'application/json',
        contentEncoding: 'UTF-8',
        timestamp: Math.floor(Date.now() / 1000),
        ...(m.headers && { headers: m.headers }),
      };
      return new Promise<void>((resolve, reject) =>
        confirm.publish(m.exchange, m.routingKey, Buffer.from(m.body, 'utf8'), options, (error: unknown) =>
          error ? reject(error instanceof Error ? error : new Error(`RabbitMQ: publish nacked (${String(error)})`)) : resolve(),
        ),
      );
    });
    await withTimeout(Promise.all(confirmed), this.timeoutMs, 'publisher confirm').catch((error: unknown) => {
      // A broker that stopped answering (or nacked) will not be trusted on this connection again.
      drop();
      throw error;
    });
    // The broker returns an unroutable mandatory message before it confirms it.
    const unrouted = messages.filter((m) => this.returned.delete(m.messageId));
    if (unrouted.length > 0) throw new Error(`RabbitMQ: ${unrouted.length} message(s) had no queue to go to (topology missing?)`);
  }

  private connected(): Promise<Link> {
    const link = (this.link ??= this.open().catch((error: unknown) => {
      if (this.link === link) this.link = undefined;
      throw error;
    }));
    return link;
  }

  private async open(): Promise<Link> {
    const model = await withTimeout(
      connect(this.url, { timeout: this.timeoutMs, clientProperties: { connection_name: 'chat-jobs' } }),
      this.timeoutMs,
      'connect',
    );
    const current = this.link;
    // Any loss of the connection or the confirm channel means starting over on the next call.
    const drop = () => {
      if (this.link === current) this.link = undefined;
      void model.close().catch(() => undefined);
    };
    model.on('error', this.onError);
    model.on('close', drop);
    try {
      const confirm = await model.createConfirmChannel();
      confirm.on('error', this.onError);
      confirm.on('close', drop);
      confirm.on(
        'return',
        (m: { properties: { messageId?: unknown } }) => void (typeof m.properties.messageId === 'string' && this.returned.add(m.properties.messageId)),
      );
      await assertTopology(confirm, this.names, this.policy);
      return { model, confirm, drop };
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
  }
}
