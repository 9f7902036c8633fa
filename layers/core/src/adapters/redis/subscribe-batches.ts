/** Most channels in one SSUBSCRIBE: keeps a command (and its run of replies) small. */
const MAX_CHANNELS = 500;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the channels subscribed during one turn of the event loop into one SSUBSCRIBE per group
 * (`groupOf`: a Redis Cluster's hash slot, since one command may name channels of one slot only;
 * on one Redis, all in one). A burst of connecting clients then costs Redis and the subscriber
 * connection a command per loop turn instead of one per client. Each caller resolves, or fails,
 * with the command that carried its channel.
 */
export class SubscribeBatches {
  private pending = new Map<string, Waiter[]>();
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly send: (channels: string[]) => Promise<unknown>,
    private readonly groupOf: (channel: string) => number = () => 0,
  ) {}

  subscribe(channel: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiters = this.pending.get(channel);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(channel, [{ resolve, reject }]);
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Sends what is gathered now: an unsubscribe must not overtake an earlier subscribe of its channel. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const pending = this.pending;
    if (pending.size === 0) return;
    this.pending = new Map();
    const groups = new Map<number, string[]>();
    for (const channel of pending.keys()) {
      const group = this.groupOf(channel);
      const channels = groups.get(group);
      if (channels) channels.push(channel);
      else groups.set(group, [channel]);
    }
    for (const channels of groups.values())
      for (let i = 0; i < channels.length; i += MAX_CHANNELS) {
        const part = channels.slice(i, i + MAX_CHANNELS);
        const waiters = part.flatMap((c) => pending.get(c)!);
        this.send(part).then(
          () => waiters.forEach((w) => w.resolve()),
          (error: unknown) => waiters.forEach((w) => w.reject(error)),
        );
      }
  }
}
