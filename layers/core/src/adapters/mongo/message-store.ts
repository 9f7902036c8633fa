import { setTimeout as sleep } from 'node:timers/promises';
import { MongoServerError, type Collection, type Filter } from 'mongodb';
import { MongoConnection } from './connection.js';
import { AppError } from '../../domain/errors.js';
import type { Message } from '../../domain/chat/message.js';
import type { Appended, JobsFor, MessageStore, NewMessage, RangeQuery, Sent } from '../../ports/message-store.js';
import { KeyedSerialQueue } from '../../runtime/keyed-serial-queue.js';
import { changedDocument, documentId, newDocument, toMessage, type MessageDocument } from './message-document.js';
import { rethrowMongoError } from './mongo-error.js';
import { MongoOutboxStore } from './outbox-store.js';
import { ComputedMessageChanges } from '../computed-message-changes.js';
import { sendThroughConversations, type SendConversations } from '../send-through-conversations.js';

const DUPLICATE_KEY = 11000;
// Every lost race means another writer stored a message, so losing this many in a row takes that
// many writers hammering one conversation at once; past it the caller should back off.
const MAX_ATTEMPTS = 50;
const MAX_PROBES = 3;
// Conversations whose next seq this instance remembers; only a hint, so forgetting is harmless.
const MAX_HINTS = 10_000;
const jitter = (attempt: number) => sleep(Math.random() * Math.min(20, 2 ** attempt));
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;
const isSeq = (seq: number) => Number.isSafeInteger(seq) && seq >= 1;
const contended = (cause: unknown) =>
  new AppError('dependency_unavailable', 'Too many concurrent writes to this conversation; retry', { cause, retryAfterSeconds: 1 });

/**
 * MessageStore over MongoDB (official driver; also runs on FerretDB). A message's `_id` is
 * `conversationId:seq`, so taking a seq and storing its message are one insert. Appends are
 * optimistic: insert at the next seq, and only if its predecessor exists; on a duplicate key
 * either the same send already won (idempotent answer) or another message took that seq and the
 * next one is tried. Appends to one conversation are queued within this instance, so only other
 * processes contend. Edits, deletions and reactions are compare-and-set on `version`. ADR 0006.
 * A new message's jobs are embedded in its document (see MongoOutboxStore). Every public method's
 * driver errors go through rethrowMongoError: a server that is down is `dependency_unavailable`.
 */
export class MongoMessageStore extends ComputedMessageChanges implements MessageStore {
  readonly outbox: MongoOutboxStore;
  private readonly appends = new KeyedSerialQueue();
  /** Conversation → the seq this instance expects to append next, least recently used first. */
  private readonly nextSeq = new Map<string, number>();

  /** `conversations`: the SQL side of a send (membership, activity, read marker); see `send`. */
  constructor(
    private readonly connection: MongoConnection,
    private readonly conversations?: SendConversations,
  ) {
    super();
    this.outbox = new MongoOutboxStore(() => this.messages, this.fail);
  }

  /** Connects, ensures the indexes and returns a store that closes its client on `close()`. */
  static async connect(url: string, options: { dbName?: string; conversations?: SendConversations } = {}): Promise<MongoMessageStore> {
    const store = new MongoMessageStore(await MongoConnection.open(url, options.dbName), options.conversations);
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
    return this.appends.run(input.conversationId, () => this.insertNext(input, jobsFor)).catch(this.fail);
  }

  /**
   * Conversations live in SQL, so a send is the SQL checks, then the one document insert that
   * carries the message, its seq and its jobs (`append`), then the SQL activity and read marker.
   */
  send(input: NewMessage, jobsFor?: JobsFor): Promise<Sent> {
    const messages = {
      append: (m: NewMessage, j?: JobsFor) => this.append(m, j),
      get: (c: string, s: number) => this.get(c, s),
      repeatOf: (m: NewMessage) => this.byClientKey(m).catch(this.fail),
    };
    return sendThroughConversations(this.conversations, messages, input, jobsFor);
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

  private async insertNext(input: NewMessage, jobsFor: JobsFor | undefined): Promise<Appended> {
    const conversationId = input.conversationId;
    let seq = this.nextSeq.get(conversationId);
    // Whether seq - 1 is known to exist. A hint is not: it may be stale, or wrong after a restore.
    let afterExisting = false;
    let probes = 0;
    for (let attempt = 1; ; attempt++) {
      if (seq === undefined) [seq, afterExisting, probes] = [(await this.newestSeq(conversationId)) + 1, true, 0];
      else if (!afterExisting && seq > 1 && !(await this.exists(conversationId, seq - 1))) {
        seq = undefined;
        continue;
      }
      // Jobs name the seq, so they are built per attempt; only the inserted attempt's are kept.
      const jobs = jobsFor?.(toMessage(newDocument(input, seq))) ?? [];
      const doc = newDocument(input, seq, jobs);
      try {
        await this.messages.insertOne(doc);
        this.remember(conversationId, seq + 1);
        return { message: toMessage(doc), created: true, outbox: jobs.map((job) => ({ source: doc._id, job })) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const holder = await this.messages.findOne({ _id: doc._id });
        if (holder?.senderId === input.senderId && holder.clientMsgId === input.clientMsgId) {
          this.remember(conversationId, seq + 1);
          return { message: toMessage(holder), created: false, outbox: [] };
        }
        if (!holder) {
          // The seq is free, so the clash was on the clientMsgId: this send is stored already.
          const original = await this.byClientKey(input);
          if (original) return { message: original, created: false, outbox: [] };
        }
        if (attempt >= MAX_ATTEMPTS) throw contended(error);
        // Another message holds this seq, so the next one has its predecessor: try it (a point
        // write) a few times, then re-read the newest seq in case this instance is far behind.
        if (holder && ++probes < MAX_PROBES) [seq, afterExisting] = [seq + 1, true];
        else seq = undefined;
        await jitter(attempt);
      }
    }
  }

  private async newestSeq(conversationId: string): Promise<number> {
    const newest = await this.messages
      .find({ conversationId }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    return newest?.seq ?? 0;
  }

  private newest(conversationId: string): Promise<MessageDocument | null> {
    return this.messages.find({ conversationId }).sort({ seq: -1 }).limit(1).next();
  }

  private async exists(conversationId: string, seq: number): Promise<boolean> {
    return (await this.messages.findOne({ _id: documentId(conversationId, seq) }, { projection: { _id: 1 } })) !== null;
  }

  private remember(conversationId: string, nextSeq: number): void {
    this.nextSeq.delete(conversationId);
    this.nextSeq.set(conversationId, nextSeq);
    if (this.nextSeq.size > MAX_HINTS) this.nextSeq.delete(this.nextSeq.keys().next().value!);
  }

  private async byClientKey(input: NewMessage): Promise<Message | undefined> {
    const doc = await this.messages.findOne({ conversationId: input.conversationId, senderId: input.senderId, clientMsgId: input.clientMsgId });
    return doc ? toMessage(doc) : undefined;
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
