/**
 * A periodic round over a changing set of members (sockets to ping, connections to heartbeat),
 * spread over its period: the period is cut into `slices` ticks, members are dealt into slices as
 * they are first seen, and each tick visits one slice. Every member is still visited once per
 * period. Visiting a thousand connections in one tick stalled a node for 50–100 ms every period,
 * which every message fanned out during the stall waited for.
 */
export class Rounds<T extends object> {
  private readonly slotOf = new WeakMap<T, number>();
  private dealt = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly periodMs: number,
    private readonly slices: number,
    private readonly members: () => Iterable<T>,
    private readonly visit: (batch: T[]) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.visitNextSlice(), this.periodMs / this.slices);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private visitNextSlice(): void {
    const slice = this.tick++ % this.slices;
    const batch: T[] = [];
    for (const member of this.members()) {
      let slot = this.slotOf.get(member);
      if (slot === undefined) this.slotOf.set(member, (slot = this.dealt++ % this.slices));
      if (slot === slice) batch.push(member);
    }
    if (batch.length > 0) this.visit(batch);
  }
}

/**
 * Ticks per period for the node's rounds: a hundredth of the connections at a time. With a
 * twentieth, a node of 1,000 connections spent 10–15 ms once a second on a presence-heartbeat
 * pipeline of 50 EVALs (CPU profile at 900 msg/s, loaded machine): a stall every second is what a
 * p99 is made of. A tick still walks every member to find its slice (a WeakMap lookup each).
 */
export const ROUND_SLICES = 100;
