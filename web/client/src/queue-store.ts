import type { IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest } from './idb.js';
import type { SendMessageBody } from './types.js';

/** A message on its way out: its `clientMsgId` is fixed when it is queued and never changes. */
export interface QueuedMessage extends SendMessageBody {
  clientMsgId: string;
  conversationId: string;
  /** Epoch ms when queued: the send order. */
  queuedAt: number;
  attempts: number;
  /** `failed`: refused for good (validation, not a member); the app offers retry or discard. */
  state: 'pending' | 'failed';
  error?: { code: string; message: string };
}

/** Where queued messages survive a reload (or not: MemoryQueueStore). */
export interface QueueStore {
  all(): Promise<QueuedMessage[]>;
  put(item: QueuedMessage): Promise<void>;
  delete(clientMsgId: string): Promise<void>;
}

export class MemoryQueueStore implements QueueStore {
  private readonly items = new Map<string, QueuedMessage>();
  async all(): Promise<QueuedMessage[]> {
    return [...this.items.values()].map((i) => structuredClone(i));
  }
  async put(item: QueuedMessage): Promise<void> {
    this.items.set(item.clientMsgId, structuredClone(item));
  }
  async delete(clientMsgId: string): Promise<void> {
    this.items.delete(clientMsgId);
  }
}

/**
 * The browser's store: one IndexedDB object store keyed by clientMsgId, so a message queued before
 * a reload or a crash goes out after it with the same id (and the server, idempotent by that id,
 * stores it once even if the first attempt had in fact arrived).
 */
export class IndexedDbQueueStore implements QueueStore {
  private db: Promise<IdbDatabase> | undefined;

  constructor(
    private readonly name = 'chat-send-queue',
    private readonly factory: IdbFactory = (globalThis as { indexedDB?: IdbFactory }).indexedDB as IdbFactory,
  ) {}

  async all(): Promise<QueuedMessage[]> {
    return this.run('readonly', (store) => store.getAll() as IdbRequest<QueuedMessage[]>);
  }
  async put(item: QueuedMessage): Promise<void> {
    await this.run('readwrite', (store) => store.put(item));
  }
  async delete(clientMsgId: string): Promise<void> {
    await this.run('readwrite', (store) => store.delete(clientMsgId));
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }

  private open(): Promise<IdbDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('messages', { keyPath: 'clientMsgId' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    });
    return this.db;
  }

  private async run<T>(mode: 'readonly' | 'readwrite', op: (store: IdbObjectStore) => IdbRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('messages', mode);
      const request = op(tx.objectStore('messages'));
      // Resolve once the transaction is durable, not when the request succeeds.
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? request.error ?? new Error('IndexedDB transaction failed'));
    });
  }
}
