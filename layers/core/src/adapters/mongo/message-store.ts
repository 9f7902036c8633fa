import type { Collection, Filter } from 'mongodb';
import { MongoConnection } from './connection.js';
import type { Message } from '../../domain/chat/message.js';
import type { Appended, JobsFor, MessageStore, NewMessage, RangeQuery, Sent } from '../../ports/message-store.js';
import { GroupCommit } from '../../runtime/group-commit.js';
import { KeyedSerialQueue } from '../../runtime/keyed-serial-queue.js';
import { changedDocument, documentId, isSeq, toMessage, type MessageDocument } from './message-document.js';
import { rethrowMongoError } from './mongo-error.js';
import { MongoOutboxStore } from './outbox-store.js';
import { ComputedMessageChanges } from '../computed-message-changes.js';
import { appendNext, contended, jitter, MAX_ATTEMPTS } from './optimistic-append.js';
import { sendBatch, type BatchConversations, type SendRequest } from './send-batch.js';
import { SeqHints } from './seq-hints.js';

export interface MongoMessageStoreOptions {
  dbName?: string;
  /** The SQL side of a send (membership, activity, read marker); see `send`. */
  conversations?: BatchConversations;
  /** Send batches in flight at once. Default 2. */
  sendBatches?: number;
  /** Sends per batch at most. Default 256. */
  maxSendBatch?: number;
}

/**
 * MessageStore over MongoDB (official driver; also runs on FerretDB). A message's `_id` is
 * `conversationId:seq`, so taking a seq and storing its message are one insert. Appends are
 * optimistic: insert at the next seq, and only if its predecessor exists; on a duplicate key
 * either the same send already won (idempotent answer) or another message took that seq and the
 * next one is tried. Appends to one conversation are queued within this instance, so only other
 * processes contend. Concurrent sends are grouped (GroupCommit, see send-batch.ts): under load one
 * ordered insert carries many sends. Edits, deletions and reactions are compare-and-set on
 * `version`. ADR 0006. A new message's jobs are embedded in its document (see MongoOutboxStore).
 * Every public method's driver errors go through rethrowMongoError: a server that is down is
 * `dependency_unavailable`.
 */
export class MongoMessageStore extends ComputedMessageChanges implements MessageStore {
  readonly outbox: MongoOutboxStore;
  private readonly appends = new KeyedSerialQueue();
  private readonly hints = new SeqHints();
  private readonly sends: GroupCommit<SendRequest, Sent> | undefined;

  constructor(
    private readonly connection: MongoConnection,
    options: Omit<MongoMessageStoreOptions, 'dbName'> = {},
  ) {
    super();
    this.outbox = new MongoOutboxStore(() => this.messages, this.fail);
    const { conversations } = options;
    if (!conversations) return;
    const batchStore = { messages: () => this.messages, conversations, hints: this.hints, append: this.append.bind(this), fail: this.fail };
    this.sends = new GroupCommit((requests) => sendBatch(batchStore, requests), {
      maxInFlight: options.sendBatches ?? 2,
      maxBatch: options.maxSendBatch ?? 256,
    });
  }

  /** Connects, ensures the indexes and returns a store that closes its client on `close()`. */
  static async connect(url: string, options: MongoMessageStoreOptions = {}): Promise<MongoMessageStore> {
    const store = new MongoMessageStore(await MongoConnection.open(url, options.dbName), options);
    await store.ensureIndexes();
    return store;
  }

  /** Per operation: the connection may have replaced its client since the last one. */
  private get messages(): Collection<MessageDocument> {
    return this.connection.collection<MessageDocument>('messages');
  }

  /** For `.catch()` on a driver call: lets the connection heal, then maps the error. */
  private readonly fail = (error: unknown): never => {
    this.connection.notice(error);
    return rethrowMongoError(error);
  };

  async ensureIndexes(): Promise<void> {
    // `_id` already makes (conversationId, seq) unique; this index serves ranges and the newest seq.
    // Every unique key leads with conversationId, so the collection can be sharded by it.
    await this.messages.createIndex({ conversationId: 1, seq: 1 }, { unique: true, name: 'conversation_seq' });
    await this.messages.createIndex({ conversationId: 1, senderId: 1, clientMsgId: 1 }, { unique: true, name: 'conversation_client_msg' });
    await this.messages.createIndex({ conversationId: 1, updatedAt: 1 }, { name: 'conversation_updated' });
    await this.outbox.ensureIndexes();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  append(input: NewMessage, jobsFor?: JobsFor): Promise<Appended> {
    return this.appends.run(input.conversationId, () => appendNext(this.messages, this.hints, input, jobsFor)).catch(this.fail);
  }

  /**
   * Conversations live in SQL, so a batch of sends is one SQL read of the members, the document
   * insert that carries each message, its seq and its jobs, then one SQL write of the activity and
   * read markers (send-batch.ts). Sends to one conversation keep their order (GroupCommit's key).
   */
  send(input: NewMessage, jobsFor?: JobsFor): Promise<Sent> {
    if (!this.sends) return Promise.reject(new Error('this message store was built without a ConversationStore, so it cannot send'));
    return this.sends.submit(input.conversationId, { input, jobsFor });
  }

  async get(conversationId: string, seq: number): Promise<Message | undefined> {
    if (!isSeq(seq)) return undefined;
    const doc = await this.messages.findOne({ _id: documentId(conversationId, seq) }).catch(this.fail);
    return doc ? toMessage(doc) : undefined;
  }

  async range(conversationId: string, query: RangeQuery): Promise<{ items: Message[]; hasMore: boolean }> {
    const forward = query.afterSeq !== undefined;
    const limit = Math.max(0, Math.floor(query.limit));
    const seq = { $gt: query.afterSeq ?? 0, ...(query.beforeSeq !== undefined && { $lt: query.beforeSeq }) };
    const docs = await this.messages
      .find({ conversationId, seq })
      .sort({ seq: forward ? 1 : -1 })
      .limit(limit + 1)
      .toArray()
      .catch(this.fail);
    const page = docs.slice(0, limit).map(toMessage);
    return { items: forward ? page : page.reverse(), hasMore: docs.length > limit };
  }

  async latest(conversationIds: readonly string[]): Promise<Map<string, Message>> {
    // One indexed lookup per conversation: FerretDB lacks `$group`'s `$first`, and a list of
    // conversations is a page of the UI, not thousands.
    const docs = await Promise.all([...new Set(conversationIds)].map((conversationId) => this.newest(conversationId))).catch(this.fail);
    return new Map(docs.filter((d) => d !== null).map((d) => [d.conversationId, toMessage(d)]));
  }

  async changedSince(conversationIds: readonly string[], since: Date, limit: number): Promise<Message[]> {
    if (conversationIds.length === 0 || limit <= 0) return [];
    const docs = await this.messages
      .find({ conversationId: { $in: [...conversationIds] }, updatedAt: { $gt: since } })
      .sort({ updatedAt: 1, conversationId: 1, seq: 1 })
      .limit(Math.floor(limit))
      .toArray()
      .catch(this.fail);
    return docs.map(toMessage);
  }

  private newest(conversationId: string): Promise<MessageDocument | null> {
    return this.messages.find({ conversationId }).sort({ seq: -1 }).limit(1).next();
  }

  /** Read, apply, write back if `version` is unchanged, else start over; a no-op writes nothing. */
  protected override change(conversationId: string, seq: number, at: Date, apply: (m: Message) => Message): Promise<Message | undefined> {
    return this.compareAndSet(conversationId, seq, at, apply).catch(this.fail);
  }

  private async compareAndSet(conversationId: string, seq: number, at: Date, apply: (m: Message) => Message): Promise<Message | undefined> {
    if (!isSeq(seq)) return undefined;
    const filter: Filter<MessageDocument> = { _id: documentId(conversationId, seq) };
    for (let attempt = 1; ; attempt++) {
      const doc = await this.messages.findOne(filter);
      if (!doc) return undefined;
      const current = toMessage(doc);
      const next = apply(current);
      if (next === current) return current;
      // Carry the outbox over: a message edited before its jobs were relayed must keep them.
      const replacement = { ...changedDocument(next, at, doc.version + 1), ...(doc.outbox && { outbox: doc.outbox, outboxAt: doc.outboxAt }) };
      const { matchedCount } = await this.messages.replaceOne({ _id: doc._id, version: doc.version }, replacement);
      if (matchedCount === 1) return toMessage(replacement);
      if (attempt >= MAX_ATTEMPTS) throw contended(new Error(`message ${doc.id} kept changing`));
      await jitter(attempt);
    }
  }
}
