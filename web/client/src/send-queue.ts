import { Backoff, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import { ApiError } from './errors.js';
import type { QueueStore, QueuedMessage } from './queue-store.js';
import type { MessageView, SendMessageBody } from './types.js';

/** Delivers one queued message (over the socket or REST) and resolves with the stored message. */
export type Sender = (item: QueuedMessage) => Promise<MessageView>;

export interface SendQueueEvents extends Record<string, unknown> {
  /** The queue changed (queued, sent, failed, retried, discarded): re-render pending messages. */
  change: void;
  sent: { item: QueuedMessage; message: MessageView };
  failed: QueuedMessage;
}

export interface SendQueueOptions {
  backoff?: BackoffOptions;
  newId?: () => string;
}

/**
 * Outgoing messages, persisted before the first attempt and sent one at a time in the order they
 * were queued. Each keeps the `clientMsgId` it got when queued for every retry (after a lost ack, a
 * reconnect, a reload), and the server stores a clientMsgId once, so a message is delivered exactly
 * once however often it is tried. Retryable failures wait (back-off, Retry-After, or `wake()` when
 * the connection is back); a refusal (validation, not a member) marks it `failed` for the app.
 */
export class SendQueue {
  readonly events = new Emitter<SendQueueEvents>();
  private items: QueuedMessage[] = [];
  private pumping = false;
  private started = false;
  private readonly backoff: Backoff;
  private wakeUp: (() => void) | undefined;
  private readonly newId: () => string;

  constructor(
    private readonly store: QueueStore,
    private readonly sender: Sender,
    options: SendQueueOptions = {},
  ) {
    this.backoff = new Backoff({ baseMs: 1_000, maxMs: 30_000, ...options.backoff });
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  }

  /** Loads what a previous page (or process) left and starts sending it. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const saved = await this.store.all();
    const known = new Set(this.items.map((i) => i.clientMsgId));
    this.items.push(...saved.filter((i) => !known.has(i.clientMsgId)));
    this.items.sort((a, b) => a.queuedAt - b.queuedAt);
    this.events.emit('change', undefined);
    void this.pump();
  }

  /** Queues a message; it is persisted before this resolves. */
  async enqueue(conversationId: string, body: Omit<SendMessageBody, 'clientMsgId'>, clientMsgId = this.newId()): Promise<QueuedMessage> {
    const item: QueuedMessage = { ...body, clientMsgId, conversationId, queuedAt: Date.now(), attempts: 0, state: 'pending' };
    await this.store.put(item);
    this.items.push(item);
    this.events.emit('change', undefined);
    if (this.started) void this.pump();
    return item;
  }

  /** Messages not yet acknowledged (pending and failed), oldest first. */
  list(conversationId?: string): QueuedMessage[] {
    return this.items.filter((i) => conversationId === undefined || i.conversationId === conversationId);
  }

  async retry(clientMsgId: string): Promise<void> {
    const item = this.items.find((i) => i.clientMsgId === clientMsgId);
    if (!item || item.state !== 'failed') return;
    item.state = 'pending';
    delete item.error;
    await this.store.put(item);
    this.events.emit('change', undefined);
    this.wake();
    void this.pump();
  }

  async discard(clientMsgId: string): Promise<void> {
    this.items = this.items.filter((i) => i.clientMsgId !== clientMsgId);
    await this.store.delete(clientMsgId);
    this.events.emit('change', undefined);
  }

  /** The connection is back: stop waiting and try now. */
  wake(): void {
    this.backoff.reset();
    this.wakeUp?.();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        current.attempts++;
        try {
          const message = await this.sender(current);
          this.items = this.items.filter((i) => i !== current);
          await this.store.delete(current.clientMsgId);
          this.backoff.reset();
          this.events.emit('sent', { item: current, message });
          this.events.emit('change', undefined);
        } catch (error) {
          if (error instanceof ApiError && !error.retryable) {
            current.state = 'failed';
            current.error = { code: error.code, message: error.message };
            await this.store.put(current);
            this.events.emit('failed', current);
            this.events.emit('change', undefined);
            continue;
          }
          await this.store.put(current);
          const retryAfterMs = error instanceof ApiError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
          await this.sleep(Math.max(retryAfterMs, this.backoff.next()));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private next(): QueuedMessage | undefined {
    return this.items.find((i) => i.state === 'pending');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
