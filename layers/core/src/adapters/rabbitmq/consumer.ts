import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Consumer, QueueMessage } from '../../ports/job-queue.js';

export interface ConsumerSettings {
  queue: string;
  batchSize: number;
  batchWindowMs: number;
  /** Wait before a failed batch is handed back to the broker (the trigger's retry interval). */
  redeliveryDelayMs: number;
  /** Wait before re-subscribing after the channel or connection was lost. */
  reconnectDelayMs: number;
  onError(error: unknown): void;
}

const toQueueMessage = (m: ConsumeMessage): QueueMessage => ({
  body: m.content.toString('utf8'),
  messageId: typeof m.properties.messageId === 'string' ? m.properties.messageId : undefined,
  exchange: m.fields.exchange,
  routingKey: m.fields.routingKey,
  deliveryTag: m.fields.deliveryTag,
  redelivered: m.fields.redelivered,
});

/**
 * Reads one queue in batches, like an FC RabbitMQ trigger in event-streaming mode: collect up to
 * `batchSize` messages or for `batchWindowMs`, hand them over, ack them all if that succeeded and
 * requeue them all if it failed. Prefetch is the batch size, so one batch is in flight at a time.
 * Survives broker outages by subscribing again on a fresh channel.
 */
export class RabbitConsumer implements Consumer {
  private stopped = false;
  private channel: Channel | undefined;
  private buffer: ConsumeMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: () => Promise<ChannelModel>,
    private readonly handle: (batch: QueueMessage[]) => Promise<void>,
    private readonly settings: ConsumerSettings,
  ) {}

  async start(): Promise<this> {
    await this.subscribe();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    await this.channel?.close().catch(() => undefined);
  }

  private async subscribe(): Promise<void> {
    const ch = await (await this.connection()).createChannel();
    this.channel = ch;
    ch.on('error', (error: unknown) => this.settings.onError(error));
    ch.on('close', () => {
      // Unacked messages go back to the queue with the channel; forget our copies of them.
      this.buffer = [];
      if (!this.stopped) void this.resubscribe();
    });
    await ch.prefetch(this.settings.batchSize);
    await ch.consume(this.settings.queue, (m) => m && this.receive(ch, m));
  }

  private async resubscribe(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.settings.reconnectDelayMs);
      if (this.stopped) return;
      try {
        await this.subscribe();
        return;
      } catch (error) {
        this.settings.onError(error);
      }
    }
  }

  private receive(ch: Channel, message: ConsumeMessage): void {
    this.buffer.push(message);
    if (this.buffer.length >= this.settings.batchSize) this.flush(ch);
    else this.timer ??= setTimeout(() => this.flush(ch), this.settings.batchWindowMs);
  }

  private flush(ch: Channel): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.inFlight = this.inFlight.then(() => this.deliver(ch, batch));
  }

  private async deliver(ch: Channel, batch: ConsumeMessage[]): Promise<void> {
    let ok = true;
    try {
      await this.handle(batch.map(toQueueMessage));
    } catch (error) {
      ok = false;
      this.settings.onError(error);
      await sleep(this.settings.redeliveryDelayMs);
    }
    try {
      for (const m of batch)
        if (ok) ch.ack(m);
        else ch.nack(m, false, true);
    } catch (error) {
      // The channel closed meanwhile; the broker requeues whatever was not acked.
      this.settings.onError(error);
    }
  }
}
