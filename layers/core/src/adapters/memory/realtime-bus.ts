import type { RealtimeEvent } from '../../domain/chat/events.js';
import type { RealtimeBus } from '../../ports/realtime-bus.js';

type Handler = (event: RealtimeEvent) => void;

function reportHandlerError(error: unknown, channel: string): void {
  console.error(`realtime bus handler for ${channel} threw`, error);
}

/**
 * One process's pub/sub: every bus made by `bus()` shares it, so several gateway nodes and the
 * chat use cases in one process (the local cloud, the multi-node tests) see each other.
 */
export class MemoryRealtimeHub {
  private readonly listeners = new Map<string, Set<MemoryRealtimeBus>>();

  constructor(readonly onHandlerError: (error: unknown, channel: string) => void = reportHandlerError) {}

  bus(): MemoryRealtimeBus {
    return new MemoryRealtimeBus(this);
  }

  /** Number of buses subscribed to `channel` (for tests and diagnostics). */
  subscriberCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  join(channel: string, bus: MemoryRealtimeBus): void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(bus);
  }

  leave(channel: string, bus: MemoryRealtimeBus): void {
    const set = this.listeners.get(channel);
    set?.delete(bus);
    if (set?.size === 0) this.listeners.delete(channel);
  }

  route(channel: string, payload: string): void {
    for (const bus of this.listeners.get(channel) ?? []) bus.enqueue(channel, payload);
  }
}

/**
 * One in-process hub per process: the local cloud's functions and gateway nodes share it. It lives
 * here, not in the composition root, so a gateway node can use it without loading the composition
 * (and with it every SQL adapter and PGlite).
 */
export const processHub = new MemoryRealtimeHub();

/**
 * A bus on a MemoryRealtimeHub. Events are serialised like on a network (the subscriber gets its own
 * copy, JSON-shaped) and delivered on a later turn of the event loop, in publish order.
 */
export class MemoryRealtimeBus implements RealtimeBus {
  private readonly handlers = new Map<string, Handler>();
  private readonly inbox: { channel: string; payload: string }[] = [];
  private flushing = false;
  private closed = false;

  constructor(private readonly hub: MemoryRealtimeHub) {}

  async publish(channel: string, event: RealtimeEvent): Promise<void> {
    if (this.closed) throw new Error('RealtimeBus is closed');
    this.hub.route(channel, JSON.stringify(event));
  }

  async subscribe(channel: string, onEvent: Handler): Promise<void> {
    if (this.closed) throw new Error('RealtimeBus is closed');
    this.handlers.set(channel, onEvent);
    this.hub.join(channel, this);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    this.hub.leave(channel, this);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const channel of this.handlers.keys()) this.hub.leave(channel, this);
    this.handlers.clear();
    this.inbox.length = 0;
  }

  enqueue(channel: string, payload: string): void {
    this.inbox.push({ channel, payload });
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    // Handlers are looked up at delivery time: an unsubscribe wins over events still in flight.
    for (let i = 0; i < this.inbox.length; i++) {
      const { channel, payload } = this.inbox[i]!;
      const handler = this.handlers.get(channel);
      if (!handler) continue;
      try {
        handler(JSON.parse(payload) as RealtimeEvent);
      } catch (error) {
        // A throwing handler must not stop delivery to the others.
        this.hub.onHandlerError(error, channel);
      }
    }
    this.inbox.length = 0;
    this.flushing = false;
  }
}
