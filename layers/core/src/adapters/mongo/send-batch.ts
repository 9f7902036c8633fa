import { MongoBulkWriteError, type Collection } from 'mongodb';
import { noReplyTarget, notAMember } from '../../domain/chat/send-errors.js';
import type { OutboxJob } from '../../domain/jobs/job.js';
import type { ConversationStore, RecordedSend } from '../../ports/conversation-store.js';
import type { Appended, JobsFor, NewMessage, Sent } from '../../ports/message-store.js';
import type { ItemResult } from '../../runtime/group-commit.js';
import { documentId, isSeq, newDocument, toMessage, type MessageDocument } from './message-document.js';
import { byClientKey, exists, newestSeq } from './optimistic-append.js';
import type { SeqHints } from './seq-hints.js';

/** The part of a ConversationStore a batch of sends touches: one read, one write per batch. */
export type BatchConversations = Pick<ConversationStore, 'memberIdsOf' | 'recordSends'>;

export interface SendRequest {
  input: NewMessage;
  jobsFor: JobsFor | undefined;
}

/** What a batch uses of its MongoMessageStore. */
export interface SendBatchStore {
  messages(): Collection<MessageDocument>;
  conversations: BatchConversations;
  hints: SeqHints;
  /** The one-by-one append (queued per conversation; retries lost races, answers repeats). */
  append(input: NewMessage, jobsFor: JobsFor | undefined): Promise<Appended>;
  /** Maps a driver error (see rethrowMongoError). */
  fail(error: unknown): never;
}

/** A send that passed its checks, with its seq and document. */
interface Planned {
  index: number;
  doc: MessageDocument;
  jobs: OutboxJob[];
  /** Its reply target is an earlier send of this batch, so it exists only once that one is stored. */
  targetInBatch: boolean;
}

const failed = (error: unknown): ItemResult<Sent> => ({ ok: false, error });

/**
 * A batch of sends (ADR 0006): one SQL read of the members, one round of `_id` point reads (each
 * conversation's next seq from this instance's hint, verified by its predecessor, and the reply
 * targets), one ordered `insertMany` of every new message with its jobs, one SQL write of the
 * activity and read markers. The insert stops at its first write error (a repeated clientMsgId,
 * or another process took a seq): what it stored stands, seqs stay gap-free because each document
 * follows its predecessor in the same ordered insert, and the rest go one by one (`append`).
 * Point reads, not `$in`: FerretDB pushes down only a plain `_id` equality and scans for `$in`.
 */
export async function sendBatch(store: SendBatchStore, requests: readonly SendRequest[]): Promise<ItemResult<Sent>[]> {
  const results = new Array<ItemResult<Sent>>(requests.length);
  const members = await store.conversations.memberIdsOf([...new Set(requests.map((r) => r.input.conversationId))]);
  const live: number[] = [];
  requests.forEach(({ input }, index) => {
    if (members.get(input.conversationId)!.includes(input.senderId)) live.push(index);
    else results[index] = failed(notAMember());
  });
  const { planned, unanswered } = await plan(store, requests, live, results);

  const recipients = (m: NewMessage) => [...members.get(m.conversationId)!];
  const recorded: { index: number; send: RecordedSend }[] = [];
  const answer = (index: number, appended: Appended) => {
    const { message } = appended;
    results[index] = { ok: true, value: { ...appended, recipients: recipients(requests[index]!.input) } };
    recorded.push({ index, send: { conversationId: message.conversationId, senderId: message.senderId, seq: message.seq, at: message.createdAt } });
  };
  // A reply to a missing message may be a repeat, answered with its original whatever it says now.
  const repeatOrRefuse = async (index: number) => {
    const input = requests[index]!.input;
    const original = await byClientKey(store.messages(), input).catch(store.fail);
    results[index] = original ? { ok: true, value: { message: original, created: false, outbox: [], recipients: recipients(input) } } : failed(noReplyTarget());
  };

  const stored = await insertPrefix(store, planned);
  for (const p of planned.slice(0, stored)) {
    store.hints.remember(p.doc.conversationId, p.doc.seq + 1);
    answer(p.index, { message: toMessage(p.doc), created: true, outbox: p.jobs.map((job) => ({ source: p.doc._id, job })) });
  }
  const oneByOne = async (rest: Planned[]) => {
    for (const p of rest) {
      const { input, jobsFor } = requests[p.index]!;
      try {
        if (p.targetInBatch && !(await exists(store.messages(), input.conversationId, input.replyToSeq!).catch(store.fail))) await repeatOrRefuse(p.index);
        else answer(p.index, await store.append(input, jobsFor));
      } catch (error) {
        results[p.index] = failed(error);
      }
    }
  };
  // In order within a conversation; conversations side by side.
  const rest = new Map<string, Planned[]>();
  for (const p of planned.slice(stored)) {
    const queue = rest.get(p.doc.conversationId);
    if (queue) queue.push(p);
    else rest.set(p.doc.conversationId, [p]);
  }
  await Promise.all([
    ...unanswered.map((index) => repeatOrRefuse(index).catch((error: unknown) => (results[index] = failed(error)))),
    ...[...rest.values()].map(oneByOne),
  ]);

  try {
    await store.conversations.recordSends(recorded.map((r) => r.send));
  } catch (error) {
    // The messages are stored; a retry of the send is answered as a repeat and records them again.
    for (const { index } of recorded) results[index] = failed(error);
  }
  return results;
}

/**
 * Seqs and documents for the members' sends (`live`), in order; a send whose reply target is
 * missing is left `unanswered` (no seq), one whose jobs cannot be built gets its error.
 */
async function plan(store: SendBatchStore, requests: readonly SendRequest[], live: readonly number[], results: ItemResult<Sent>[]) {
  const liveInputs = live.map((i) => requests[i]!.input);
  const targets = liveInputs.flatMap((m) => (m.replyToSeq !== null && isSeq(m.replyToSeq) ? [documentId(m.conversationId, m.replyToSeq)] : []));
  const [firstSeqs, found] = await Promise.all([nextSeqs(store, [...new Set(liveInputs.map((m) => m.conversationId))]), present(store, targets)]);

  const planned: Planned[] = [];
  const unanswered: number[] = [];
  const next = new Map(firstSeqs);
  for (const index of live) {
    const { input, jobsFor } = requests[index]!;
    const { conversationId, replyToSeq } = input;
    const seq = next.get(conversationId)!;
    const targetInBatch = replyToSeq !== null && isSeq(replyToSeq) && replyToSeq >= firstSeqs.get(conversationId)! && replyToSeq < seq;
    if (replyToSeq !== null && !targetInBatch && !found.has(documentId(conversationId, replyToSeq))) {
      unanswered.push(index);
      continue;
    }
    try {
      const jobs = jobsFor?.(toMessage(newDocument(input, seq))) ?? [];
      planned.push({ index, doc: newDocument(input, seq, jobs), jobs, targetInBatch });
      next.set(conversationId, seq + 1);
    } catch (error) {
      results[index] = failed(error);
    }
  }

  return { planned, unanswered };
}

/** Each conversation's next seq: the hint when its predecessor exists, else after the newest. */
async function nextSeqs(store: SendBatchStore, conversationIds: readonly string[]): Promise<Map<string, number>> {
  const seqs = await Promise.all(
    conversationIds.map(async (conversationId) => {
      const hint = store.hints.get(conversationId);
      if (hint !== undefined && hint > 1 && (await exists(store.messages(), conversationId, hint - 1).catch(store.fail))) return hint;
      return (await newestSeq(store.messages(), conversationId).catch(store.fail)) + 1;
    }),
  );
  return new Map(conversationIds.map((id, i) => [id, seqs[i]!]));
}

/** Which of these `_id`s exist: one point read each, all at once. */
async function present(store: SendBatchStore, ids: readonly string[]): Promise<Set<string>> {
  const messages = store.messages();
  const docs = await Promise.all(ids.map((_id) => messages.findOne({ _id }, { projection: { _id: 1 } }))).catch(store.fail);
  return new Set(docs.flatMap((d) => (d ? [d._id] : [])));
}

/** Inserts the documents in order; returns how many were stored before the first write error. */
async function insertPrefix(store: SendBatchStore, planned: readonly Planned[]): Promise<number> {
  if (planned.length === 0) return 0;
  try {
    await store.messages().insertMany(
      planned.map((p) => p.doc),
      { ordered: true },
    );
    return planned.length;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) return store.fail(error);
    const failed = [error.writeErrors].flat().map((e) => e.index);
    // No document's own error: the write failed as a whole (a timeout, a lost server); the error
    // inside is the driver's, which says which (dependency_unavailable, see rethrowMongoError).
    if (failed.length === 0) return store.fail(error.errorResponse instanceof Error ? error.errorResponse : error);
    return Math.min(...failed);
  }
}
