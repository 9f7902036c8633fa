import type { OutboxJob } from '../../domain/jobs/job.js';
import { noReplyTarget, notAMember } from '../../domain/chat/send-errors.js';
import { PENDING_SEQ, type JobsFor, type NewMessage, type Sent } from '../../ports/message-store.js';
import { outboxSource } from '../../ports/outbox-store.js';
import type { SqlExecutor } from '../../ports/sql.js';
import type { ItemResult } from '../../runtime/group-commit.js';
import { ValidationError } from '../../domain/errors.js';
import { mapDriverError } from './driver-error.js';
import { toMessage, type MessageRow } from './message-row.js';

/** One send as `send_messages` (migrations 0014, 0015) reads it. */
interface SendItem {
  id: string;
  conversationId: string;
  senderId: string;
  clientMsgId: string;
  text: string | null;
  attachments: NewMessage['attachments'];
  replyToSeq: number | null;
  createdAt: string;
  call: NewMessage['call'] | null;
  /** The jobs' JSON with `seqToken` where the seq goes. */
  jobs: string;
  seqToken: string;
}

type SendResult =
  | { index: number; status: 'created' | 'duplicate'; message: MessageRow; recipients: string[] | null }
  | { index: number; status: 'not_member' | 'no_reply_target' }
  | { index: number; status: 'failed'; sqlstate: string; error: string };

const SEQ_TOKEN = String(PENDING_SEQ);

const countLeaves = (value: unknown, wanted: number): number =>
  value === wanted ? 1 : value && typeof value === 'object' ? Object.values(value).reduce<number>((n, v) => n + countLeaves(v, wanted), 0) : 0;

/**
 * The item for `input`: its jobs are built now, with `PENDING_SEQ` as the seq, and the statement
 * swaps in the real seq. The text swap is exact only if the token appears nowhere but as that seq
 * number, which is checked here (an id that happened to contain those 16 digits would fail loudly).
 */
export function sendItem(input: NewMessage, jobsFor: JobsFor | undefined): SendItem {
  const pending = { ...input, seq: PENDING_SEQ, mentions: [], reactions: {}, editedAt: null, deletedAt: null, edits: [] };
  const jobs: OutboxJob[] = jobsFor?.(pending) ?? [];
  const text = JSON.stringify(jobs);
  if (text.split(SEQ_TOKEN).length - 1 !== countLeaves(jobs, PENDING_SEQ)) throw new Error('a job holds the pending-seq digits outside a seq');
  return {
    id: input.id,
    conversationId: input.conversationId,
    senderId: input.senderId,
    clientMsgId: input.clientMsgId,
    text: input.text,
    attachments: input.attachments,
    replyToSeq: input.replyToSeq,
    createdAt: input.createdAt.toISOString(),
    call: input.call ?? null,
    jobs: text,
    seqToken: SEQ_TOKEN,
  };
}

/**
 * Runs a batch of sends as one `send_messages` call: one round trip, one transaction. A value the
 * database cannot hold (a NUL in a text: the whole batch's JSON is refused before any send runs)
 * sends the batch again one by one, so only the bad send fails.
 */
export async function sendBatch(db: SqlExecutor, items: readonly SendItem[]): Promise<ItemResult<Sent>[]> {
  let rows: { result: SendResult }[];
  try {
    ({ rows } = await db.query<{ result: SendResult }>('SELECT send_messages($1::jsonb) AS result', [JSON.stringify(items)]));
  } catch (error) {
    if (items.length === 1 || !(error instanceof ValidationError)) throw error;
    return Promise.all(
      items.map((item) =>
        sendBatch(db, [item]).then(
          (r) => r[0]!,
          (e: unknown): ItemResult<Sent> => ({ ok: false, error: e }),
        ),
      ),
    );
  }
  const results = new Array<ItemResult<Sent>>(items.length);
  for (const { result } of rows) results[result.index - 1] = toItemResult(result, items[result.index - 1]!);
  return results;
}

function toItemResult(result: SendResult, item: SendItem): ItemResult<Sent> {
  switch (result.status) {
    case 'not_member':
      return { ok: false, error: notAMember() };
    case 'no_reply_target':
      return { ok: false, error: noReplyTarget() };
    case 'failed':
      return { ok: false, error: mapDriverError(Object.assign(new Error(result.error), { code: result.sqlstate })) };
    default: {
      const message = toMessage(result.message);
      const created = result.status === 'created';
      const source = outboxSource(message.conversationId, message.seq);
      const jobs = created ? (JSON.parse(item.jobs.replaceAll(item.seqToken, String(message.seq))) as OutboxJob[]) : [];
      return { ok: true, value: { message, created, outbox: jobs.map((job) => ({ source, job })), recipients: result.recipients ?? [] } };
    }
  }
}
