/** Something with frames waiting to be written out. */
export interface Flushable {
  flush(): void;
}

/**
 * Defers client socket writes until the event loop has run the I/O callbacks that were ready, so
 * the frames one socket gets meanwhile leave as one buffer in one write. Under load the bus hands
 * over many events per loop turn and the hub fans each out at once; a write per frame per socket
 * was half of a node's CPU time. At low load a turn carries one event, so nothing waits longer
 * than before. Each transport keeps its own frames; this only remembers whom to flush.
 */
export class WriteBatch {
  private due: Flushable[] = [];

  /** Flush `target` once the current I/O phase is over; call once per batch it starts. */
  schedule(target: Flushable): void {
    if (this.due.push(target) === 1) setImmediate(this.release);
  }

  private readonly release = (): void => {
    const due = this.due;
    this.due = [];
    for (const target of due) target.flush();
  };
}
