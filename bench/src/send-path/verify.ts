import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type ChannelModel } from 'amqplib';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { JOB_TYPES, MESSAGE_JOB_TYPES, type JobType } from '@chat/core/domain/jobs/job';
import { exchangeNames, queueNames, topology } from '@chat/core/adapters/rabbitmq/topology';
import { DEFAULT_RETRY_POLICY } from '@chat/core/domain/jobs/retry';
import { workerJobs } from '@chat/core/runtime/job-schema';

/**
 * Cheap, honest checks after a run, read from the stores themselves rather than from what the
 * gateway told the clients: every ack is a stored message, and the outbox emptied (sendMessage
 * relays a new message's jobs, deleting them only once RabbitMQ confirmed them; a gateway answers
 * first and relays right after, so `settledStore` gives the last relays a moment).
 */
export interface StoreCheck {
  storedMessages: number;
  outboxLeft: number;
}

/** `checkStore` once the outbox is empty, or as it is after `waitMs` (the relays of the last acks may still be in flight). */
export async function settledStore(env: Record<string, string>, waitMs = 15_000): Promise<StoreCheck> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const check = await checkStore(env);
    if (check.outboxLeft === 0 || Date.now() >= deadline) return check;
    await sleep(200);
  }
}

export async function checkStore(env: Record<string, string>): Promise<StoreCheck> {
  if (env.MONGODB_URL) {
    const client = await new MongoClient(env.MONGODB_URL, { serverSelectionTimeoutMS: 10_000 }).connect();
    try {
      const messages = client.db().collection('messages');
      // Pending jobs live in the message document; the sparse `outboxAt` marks the ones still due.
      const [storedMessages, outboxLeft] = await Promise.all([messages.countDocuments({}), messages.countDocuments({ outboxAt: { $exists: true } })]);
      return { storedMessages, outboxLeft };
    } finally {
      await client.close();
    }
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ messages: string; outbox: string }>(
      'SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM outbox) AS outbox',
    );
    return { storedMessages: Number(rows[0]!.messages), outboxLeft: Number(rows[0]!.outbox) };
  } finally {
    await client.end();
  }
}

/** What reached RabbitMQ during a run, counted back from the work queues. */
export interface DrainedJobs {
  /** Jobs found in all work queues together, as the workers would read them: five per chat message. */
  delivered: number;
  /** Distinct AMQP message ids among them: the broker publishes (batches of message events since issue 15). */
  published: number;
  /** Per message worker, the distinct chat messages whose job reached its queue. */
  messagesPerWorker: Record<string, number>;
}

/**
 * The jobs a worker of `type` would run for a queue message's body, read as the worker reads it
 * (`workerJobs`): one for a job or an event, one per event for a batch of events; an unreadable
 * part is `undefined`.
 */
function jobsIn(type: JobType, body: string): ({ payload: unknown } | undefined)[] {
  const { jobs, poison } = workerJobs(type, JSON.parse(body));
  return [...jobs, ...poison.map(() => undefined)];
}

// A job names its message in `payload.messageId` (analytics: `payload.message`).
const messageIdOf = (job: { payload: unknown } | undefined): string | undefined => {
  const payload = job?.payload as { messageId?: string; message?: { messageId?: string } } | undefined;
  return payload?.messageId ?? payload?.message?.messageId;
};

/**
 * The gateway relays jobs to a topology of this run's own (JOB_QUEUE_PREFIX), which no worker reads
 * during a bench. Counting them back shows they really reached RabbitMQ, and that each of the five
 * workers' queues holds every message's job; deleting the topology afterwards keeps repeated runs
 * from piling persistent messages onto the broker. Stops at `expected` copies or `idleMs` after the last one.
 * The bodies go to `drained`, for `checkJobs`.
 */
/** The work queues' messages, by the job type of the queue (the worker that would read them). */
export type Drained = Map<string, string[]>;

export async function drainJobs(amqpUrl: string, prefix: string, expected: number, idleMs = 2_000, drained?: Drained): Promise<DrainedJobs> {
  const connection = await connect(amqpUrl);
  // A channel error (a queue that is not there) is also emitted on the connection; unheard, it
  // would end the whole bench instead of this run.
  connection.on('error', () => undefined);
  const names = topology(prefix);
  let delivered = 0;
  const ids = new Set<string>();
  const perWorker = new Map<JobType, Set<string>>(MESSAGE_JOB_TYPES.map((t) => [t, new Set()]));
  let lastDelivery = Date.now();
  try {
    const missing = await missingQueues(
      connection,
      JOB_TYPES.map((t) => names.workQueue(t)),
    );
    if (missing.length > 0)
      throw new Error(`RabbitMQ has no ${missing.join(', ')}: the gateway never declared its job topology (its relay did not reach RabbitMQ)`);
    const channel = await connection.createChannel();
    for (const type of JOB_TYPES) {
      await channel.consume(names.workQueue(type), (m) => {
        if (!m) return;
        lastDelivery = Date.now();
        if (typeof m.properties.messageId === 'string') ids.add(m.properties.messageId);
        for (const job of jobsIn(type, m.content.toString('utf8'))) {
          delivered++;
          const messageId = messageIdOf(job);
          if (messageId) perWorker.get(type)?.add(messageId);
        }
        if (drained) {
          if (!drained.has(type)) drained.set(type, []);
          drained.get(type)!.push(m.content.toString('utf8'));
        }
        channel.ack(m);
      });
    }
    // The idle clock starts once every consumer is registered: setting them up can take a while on a busy broker.
    lastDelivery = Math.max(lastDelivery, Date.now());
    const deadline = Date.now() + 30_000;
    while (delivered < expected && Date.now() - lastDelivery < idleMs && Date.now() < deadline) await sleep(50);
    await channel.close();
    const admin = await connection.createChannel();
    for (const name of queueNames(names, DEFAULT_RETRY_POLICY)) await admin.deleteQueue(name);
    for (const name of exchangeNames(names)) await admin.deleteExchange(name);
    return { delivered, published: ids.size, messagesPerWorker: Object.fromEntries([...perWorker].map(([t, s]) => [t, s.size])) };
  } finally {
    await connection.close();
  }
}

/** A stored message as the job check compares it: the fields every message job points at. */
export interface StoredRef {
  conversationId: string;
  seq: number;
  messageId: string;
  senderId: string;
}

export interface JobCheck {
  /** Stored messages whose every message-job queue got exactly one job naming them. */
  complete: number;
  /** (queue, stored message) pairs with no job. */
  missing: number;
  /** Jobs naming a message that is not stored as named (wrong seq, id or sender), or none at all. */
  wrong: number;
  /** Jobs beyond the first for the same queue and message. */
  duplicates: number;
}

/** The first object in `value` (depth-first) that names a message: conversationId, seq and messageId. */
function findRef(value: unknown): StoredRef | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.conversationId === 'string' && typeof o.seq === 'number' && typeof o.messageId === 'string')
    return { conversationId: o.conversationId, seq: o.seq, messageId: o.messageId, senderId: String(o.senderId) };
  for (const v of Object.values(o)) {
    const found = findRef(v);
    if (found) return found;
  }
  return undefined;
}

const refKey = (r: StoredRef) => `${r.conversationId}\u0000${r.seq}\u0000${r.messageId}\u0000${r.senderId}`;

/**
 * Issue 15: the jobs' content, not only their number. Every queue of `types` must hold, for each
 * stored message, exactly one job whose payload names it by conversation, seq, id and sender (the
 * seq is filled in after the jobs are built, so a wrong substitution shows here). Bodies are read
 * as the worker of the queue reads them, so a job, an event and a batch of events all count.
 */
export function checkJobs(drained: Drained, stored: readonly StoredRef[], types: readonly string[]): JobCheck {
  const known = new Set(stored.map(refKey));
  const check: JobCheck = { complete: 0, missing: 0, wrong: 0, duplicates: 0 };
  const seen = new Map<string, Set<string>>();
  for (const type of types) {
    const got = new Set<string>();
    seen.set(type, got);
    for (const body of drained.get(type) ?? [])
      for (const job of jobsIn(type as JobType, body)) {
        const ref = findRef(job?.payload);
        const key = ref && refKey(ref);
        if (!key || !known.has(key)) check.wrong++;
        else if (got.has(key)) check.duplicates++;
        else got.add(key);
      }
  }
  for (const ref of stored) {
    const key = refKey(ref);
    const missing = types.filter((t) => !seen.get(t)!.has(key)).length;
    check.missing += missing;
    if (missing === 0) check.complete++;
  }
  return check;
}

/** Every stored message's reference, from PostgreSQL or MongoDB (as `checkStore`). */
export async function storedRefs(env: Record<string, string>): Promise<StoredRef[]> {
  if (env.MONGODB_URL) {
    const client = await new MongoClient(env.MONGODB_URL, { serverSelectionTimeoutMS: 10_000 }).connect();
    try {
      const docs = await client
        .db()
        .collection<{ conversationId: string; seq: number; id: string; senderId: string }>('messages')
        .find({}, { projection: { conversationId: 1, seq: 1, id: 1, senderId: 1 } })
        .toArray();
      return docs.map((d) => ({ conversationId: d.conversationId, seq: d.seq, messageId: d.id, senderId: d.senderId }));
    } finally {
      await client.close();
    }
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<StoredRef>('SELECT conversation_id AS "conversationId", seq, id AS "messageId", sender_id AS "senderId" FROM messages');
    return rows;
  } finally {
    await client.end();
  }
}

/** The queues of `names` the broker does not have (a passive declare closes its channel on a miss). */
async function missingQueues(connection: ChannelModel, names: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.checkQueue(name);
      await probe.close();
    } catch {
      missing.push(name);
    }
  }
  return missing;
}
