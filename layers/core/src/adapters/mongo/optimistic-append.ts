import { setTimeout as sleep } from 'node:timers/promises';
import { MongoServerError, type Collection } from 'mongodb';
import { AppError } from '../../domain/errors.js';
import type { Message } from '../../domain/chat/message.js';
import type { Appended, JobsFor, NewMessage } from '../../ports/message-store.js';
import { documentId, newDocument, toMessage, type MessageDocument } from './message-document.js';
import type { SeqHints } from './seq-hints.js';

const DUPLICATE_KEY = 11000;
// Every lost race means another writer stored a message, so losing this many in a row takes that
// many writers hammering one conversation at once; past it the caller should back off.
export const MAX_ATTEMPTS = 50;
const MAX_PROBES = 3;
export const jitter = (attempt: number) => sleep(Math.random() * Math.min(20, 2 ** attempt));
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;
export const contended = (cause: unknown) =>
  new AppError('dependency_unavailable', 'Too many concurrent writes to this conversation; retry', { cause, retryAfterSeconds: 1 });

/**
 * One message appended optimistically (ADR 0006): insert at the next seq, and only if its
 * predecessor exists; on a duplicate key either the same send already won (idempotent answer) or
 * another message took that seq and the next one is tried. Raw driver errors: the caller maps them.
 */
export async function appendNext(messages: Collection<MessageDocument>, hints: SeqHints, input: NewMessage, jobsFor: JobsFor | undefined): Promise<Appended> {
  const conversationId = input.conversationId;
  let seq = hints.get(conversationId);
  // Whether seq - 1 is known to exist. A hint is not: it may be stale, or wrong after a restore.
  let afterExisting = false;
  let probes = 0;
  for (let attempt = 1; ; attempt++) {
    if (seq === undefined) [seq, afterExisting, probes] = [(await newestSeq(messages, conversationId)) + 1, true, 0];
    else if (!afterExisting && seq > 1 && !(await exists(messages, conversationId, seq - 1))) {
      seq = undefined;
      continue;
    }
    // Jobs name the seq, so they are built per attempt; only the inserted attempt's are kept.
    const jobs = jobsFor?.(toMessage(newDocument(input, seq))) ?? [];
    const doc = newDocument(input, seq, jobs);
    try {
      await messages.insertOne(doc);
      hints.remember(conversationId, seq + 1);
      return { message: toMessage(doc), created: true, outbox: jobs.map((job) => ({ source: doc._id, job })) };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const holder = await messages.findOne({ _id: doc._id });
      if (holder?.senderId === input.senderId && holder.clientMsgId === input.clientMsgId) {
        hints.remember(conversationId, seq + 1);
        return { message: toMessage(holder), created: false, outbox: [] };
      }
      if (!holder) {
        // The seq is free, so the clash was on the clientMsgId: this send is stored already.
        const original = await byClientKey(messages, input);
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

/** The conversation's newest seq, 0 if it has none. Index-backed on MongoDB; a scan on FerretDB. */
export async function newestSeq(messages: Collection<MessageDocument>, conversationId: string): Promise<number> {
  const newest = await messages
    .find({ conversationId }, { projection: { seq: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  return newest?.seq ?? 0;
}

export async function exists(messages: Collection<MessageDocument>, conversationId: string, seq: number): Promise<boolean> {
  return (await messages.findOne({ _id: documentId(conversationId, seq) }, { projection: { _id: 1 } })) !== null;
}

export async function byClientKey(messages: Collection<MessageDocument>, input: NewMessage): Promise<Message | undefined> {
  const doc = await messages.findOne({ conversationId: input.conversationId, senderId: input.senderId, clientMsgId: input.clientMsgId });
  return doc ? toMessage(doc) : undefined;
}
