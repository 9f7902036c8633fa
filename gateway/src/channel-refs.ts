import type { RealtimeEvent } from '@chat/core/domain/chat/events';
import type { RealtimeBus } from '@chat/core/ports/realtime-bus';
import { SerialQueue } from '@chat/core/runtime/keyed-serial-queue';

interface ChannelState {
  /** Local holders (connections) of the channel. */
  count: number;
  subscribed: boolean;
  /** Which subscription this is (see `ChannelRefs.epoch`); 0 until the first is in place. */
  epoch: number;
  /** Subscribe/unsubscribe calls, one at a time; the entry is dropped only when idle. */
  calls: SerialQueue;
}

/**
 * Reference-counted bus subscriptions: a node subscribes to a channel while at least one local
 * connection holds it, and unsubscribes when the last lets go. Calls to the bus for one channel run
 * one at a time, so a quick release-then-acquire never ends up unsubscribed.
 */
export class ChannelRefs {
  private readonly channels = new Map<string, ChannelState>();
  private epochs = 0;

  constructor(
    private readonly bus: RealtimeBus,
    private readonly onEvent: (channel: string, event: RealtimeEvent) => void,
  ) {}

  /**
   * Counts subscriptions put in place: a channel whose `epoch` is above the value read before some
   * read of the store was subscribed after it, so events in between may have reached nobody here.
   */
  get epoch(): number {
    return this.epochs;
  }

  /**
   * Resolves once subscribed; `fresh` when the node was not subscribed yet (events may have been
   * missed), `epoch` the subscription's.
   */
  async acquire(channel: string): Promise<{ fresh: boolean; epoch: number }> {
    const state = this.state(channel);
    state.count++;
    const fresh = !state.subscribed;
    await this.enqueue(channel, state, async () => {
      if (state.count > 0 && !state.subscribed) {
        await this.bus.subscribe(channel, (event) => this.onEvent(channel, event));
        state.subscribed = true;
        state.epoch = ++this.epochs;
      }
    });
    return { fresh, epoch: state.epoch };
  }

  release(channel: string): Promise<void> {
    const state = this.channels.get(channel);
    if (!state || state.count === 0) return Promise.resolve();
    state.count--;
    return this.enqueue(channel, state, async () => {
      if (state.count === 0 && state.subscribed) {
        state.subscribed = false;
        await this.bus.unsubscribe(channel);
      }
    });
  }

  isSubscribed(channel: string): boolean {
    return this.channels.get(channel)?.subscribed ?? false;
  }

  subscribedChannels(): string[] {
    return [...this.channels].filter(([, s]) => s.subscribed).map(([c]) => c);
  }

  private state(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) this.channels.set(channel, (state = { count: 0, subscribed: false, epoch: 0, calls: new SerialQueue() }));
    return state;
  }

  private enqueue(channel: string, state: ChannelState, op: () => Promise<void>): Promise<void> {
    return state.calls.run(op).finally(() => {
      if (state.calls.pending === 0 && state.count === 0 && !state.subscribed && this.channels.get(channel) === state) this.channels.delete(channel);
    });
  }
}
