/** A batch's answer for one of its items: its own value, or its own error. */
export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Batches running at once (e.g. the connections the database may use for them). */
  maxInFlight: number;
  /** Items per batch at most. */
  maxBatch: number;
}

interface Waiting<I, O> {
  item: I;
  key: string;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent `submit`s become one `run` per batch. No timer: an item submitted while
 * a slot is free runs at once (alone, if alone); items submitted while every slot is busy gather
 * and leave together as the next slot frees, so the batch size follows the load. Items with the
 * same key never run in two batches at once and keep their submission order, so per-key order is
 * the order of `submit`. Each caller gets its item's own result; a batch that throws fails its
 * items only.
 */
export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  /** Key → items of it in running batches. */
  private readonly busy = new Map<string, number>();

  constructor(
    private readonly run: (items: I[]) => Promise<ItemResult<O>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, key, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const w of batch) this.busy.set(w.key, (this.busy.get(w.key) ?? 0) + 1);
      void this.execute(batch);
    }
  }

  /** The next batch: queued items in order, skipping (with all their successors) keys still running. */
  private take(): Waiting<I, O>[] {
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    const blocked = new Set<string>();
    for (const w of this.queue) {
      if (batch.length < this.options.maxBatch && !blocked.has(w.key) && !this.busy.has(w.key)) batch.push(w);
      else {
        blocked.add(w.key);
        rest.push(w);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async execute(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const r = results[i];
        if (!r) w.reject(new Error('group commit: the batch returned no result for this item'));
        else if (r.ok) w.resolve(r.value);
        else w.reject(r.error);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      for (const w of batch) {
        const n = this.busy.get(w.key)! - 1;
        if (n === 0) this.busy.delete(w.key);
        else this.busy.set(w.key, n);
      }
      this.inFlight--;
      this.pump();
    }
  }
}
