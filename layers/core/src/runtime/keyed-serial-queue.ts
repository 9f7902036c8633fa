const ignore = (): void => undefined;

/**
 * Runs tasks one at a time, in call order. A failed task rejects only its own caller; the next one
 * runs all the same. `pending` counts the tasks queued or running, and drops before the promise
 * returned by `run` settles, so a caller continuing after its task sees whether more are queued.
 */
export class SerialQueue {
  // Undefined while idle: an idle queue (one per gateway connection and conversation) holds no promise.
  private tail: Promise<void> | undefined;
  private count = 0;

  get pending(): number {
    return this.count;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.count++;
    const result = (this.tail ?? Promise.resolve()).then(task).finally(() => {
      if (--this.count === 0) this.tail = undefined;
    });
    this.tail = result.then(ignore, ignore);
    return result;
  }

  /** Resolves once every task queued so far has ended, however it ended. */
  idle(): Promise<void> {
    return this.tail ?? Promise.resolve();
  }
}

/**
 * A SerialQueue per key: tasks of one key run one at a time in call order, different keys
 * independently. A key is forgotten once its queue is empty, so memory follows the busy keys.
 */
export class KeyedSerialQueue<K = string> {
  private readonly lines = new Map<K, SerialQueue>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = new SerialQueue()));
    const queue = line;
    return queue.run(task).finally(() => {
      if (queue.pending === 0 && this.lines.get(key) === queue) this.lines.delete(key);
    });
  }

  /** Tasks queued or running for `key`. */
  pending(key: K): number {
    return this.lines.get(key)?.pending ?? 0;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.lines.size;
  }

  /** Resolves once every task queued so far, for any key, has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.lines.values()].map((line) => line.idle()));
  }
}
