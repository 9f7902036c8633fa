import type { MessageView } from '@chat/core/domain/chat/message';
import { SerialQueue } from '@chat/core/runtime/keyed-serial-queue';

/**
 * What a stream needs from its connection. One object serves all of a connection's streams (each
 * passes its conversation), so a stream adds no closures of its own.
 */
export interface StreamDeps {
  /** Sends `message.new`; `live` when it came from the bus (not read back from the store). */
  emit(message: MessageView, live: boolean): void;
  /** The conversation's messages with seq > afterSeq, ascending (ChatApi.history). */
  fetch(conversationId: string, afterSeq: number, limit: number): Promise<{ items: MessageView[]; hasMore: boolean }>;
  whenWritable(): Promise<boolean>;
  /** A message was held back; the connection checks its bound. */
  onHeld(): void;
  onError(error: unknown, conversationId: string): void;
  gapWaitMs: number;
  pageSize: number;
}

const MAX_RETRY_MS = 5_000;

/**
 * One conversation on one connection: delivers `message.new` exactly once and in seq order.
 *
 * Publishers race (seq 5 may be published before seq 4) and the bus drops events while a node
 * reconnects, so a message past a gap is held for `gapWaitMs`, then the gap is read from the store.
 * Reads from the store (gap fills, resume) run one at a time; live messages arriving meanwhile are
 * held and merged afterwards, de-duplicated by seq.
 *
 * Messages in (base, last] were delivered on this connection; `base` is where it started.
 */
export class ConversationStream {
  private last: number;
  private base: number;
  // Made on the first message held back: most streams never hold one, and an empty Map costs ≈ 300 bytes.
  private held: Map<number, MessageView> | undefined;
  private readonly reads = new SerialQueue();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private disposed = false;

  constructor(
    private readonly deps: StreamDeps,
    readonly conversationId: string,
    startSeq: number,
  ) {
    this.last = startSeq;
    this.base = startSeq;
  }

  get lastSeq(): number {
    return this.last;
  }

  get heldCount(): number {
    return this.held?.size ?? 0;
  }

  /** True while store reads are queued or running: live messages are held until they end. */
  private get busy(): boolean {
    return this.reads.pending > 0;
  }

  /** A live `message.new` from the bus. */
  push(message: MessageView): void {
    if (this.disposed || message.seq <= this.last) return;
    if (!this.busy && message.seq === this.last + 1) {
      this.deliver(message, true);
      this.drain();
      return;
    }
    this.hold(message);
    this.deps.onHeld();
    if (!this.busy) this.armGapTimer();
  }

  /** Reads and delivers whatever the store has past the last delivered seq. */
  catchUp(): Promise<void> {
    return this.run(async () => {
      try {
        await this.readForward();
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.deps.onError(error, this.conversationId);
      }
    });
  }

  /**
   * Replays what the client missed after `position`, then merges the live messages held meanwhile.
   * Resolves once the merge is done, so `lastSeq` is then the `toSeq` of the `resumed` frame.
   */
  resume(position: number): Promise<void> {
    return this.run(async () => {
      // The client has more than this connection delivered (e.g. read over HTTP): start from there.
      if (position >= this.last) this.last = this.base = position;
      const replayUpTo = this.base;
      let cursor = position;
      for (;;) {
        // (base, last] went out on this connection already: skip over it.
        if (cursor >= replayUpTo && cursor < this.last) cursor = this.last;
        const page = await this.deps.fetch(this.conversationId, cursor, this.deps.pageSize);
        if (this.disposed) return;
        for (const m of page.items) {
          if (m.seq <= cursor) continue;
          cursor = m.seq;
          if (m.seq <= replayUpTo) this.deps.emit(m, false);
          else if (m.seq === this.last + 1) this.deliver(m, false);
          else if (m.seq > this.last + 1) this.hold(m);
        }
        if (!page.hasMore || page.items.length === 0) break;
        if (!(await this.deps.whenWritable())) return;
      }
      this.base = Math.min(this.base, position);
    });
  }

  /** Forgets deliveries after `position` that never reached the client (queued before `ready`). */
  rewind(position: number): void {
    if (position >= this.last) return;
    this.last = this.base = position;
  }

  dispose(): void {
    this.disposed = true;
    this.held = undefined;
    clearTimeout(this.timer);
  }

  private deliver(message: MessageView, live: boolean): void {
    this.last = message.seq;
    this.deps.emit(message, live);
  }

  private hold(message: MessageView): void {
    (this.held ??= new Map()).set(message.seq, message);
  }

  private drain(): void {
    const held = this.held;
    if (held) {
      for (let next = held.get(this.last + 1); next; next = held.get(this.last + 1)) {
        held.delete(next.seq);
        this.deliver(next, true);
      }
      for (const seq of held.keys()) if (seq <= this.last) held.delete(seq);
      if (held.size === 0) this.held = undefined;
    }
    if (!this.held) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (!this.busy) this.armGapTimer();
  }

  private armGapTimer(): void {
    if (this.timer || this.disposed) return;
    const delay = Math.min(this.deps.gapWaitMs * 2 ** this.failures, Math.max(MAX_RETRY_MS, this.deps.gapWaitMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.heldCount > 0) void this.catchUp();
    }, delay);
  }

  private async readForward(): Promise<void> {
    for (;;) {
      const page = await this.deps.fetch(this.conversationId, this.last, this.deps.pageSize);
      if (this.disposed) return;
      for (const m of page.items) {
        if (m.seq === this.last + 1) this.deliver(m, false);
        else if (m.seq > this.last + 1) this.hold(m);
      }
      if (!page.hasMore || page.items.length === 0) return;
      if (!(await this.deps.whenWritable())) return;
    }
  }

  /** Runs store reads one at a time; live messages are held from the call until the last one ends, then merged. */
  private run(op: () => Promise<void>): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const result = this.reads.run(async () => {
      if (!this.disposed) await op();
    });
    // `pending` has dropped by now, so only the last read of a burst merges.
    return result.finally(() => {
      if (!this.disposed && !this.busy) this.drain();
    });
  }
}
