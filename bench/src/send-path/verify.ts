import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { JOB_TYPES, MESSAGE_JOB_TYPES, type JobType } from '@chat/core/domain/jobs/job';
import { exchangeNames, queueNames, topology } from '@chat/core/adapters/rabbitmq/topology';
import { DEFAULT_RETRY_POLICY } from '@chat/core/domain/jobs/retry';

/**
 * Cheap, honest checks after a run, read from the stores themselves rather than from what the
 * gateway told the clients: every ack is a stored message, and the outbox emptied (sendMessage
 * relays a new message's jobs before it answers, deleting them only once RabbitMQ confirmed them).
 */
export interface StoreCheck {
  storedMessages: number;
  outboxLeft: number;
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
export interface JobCheck {
  /** Messages (bodies) found in all work queues together: five copies per chat message. */
  delivered: number;
  /** Distinct AMQP message ids among them: the broker publishes (one per chat message since issue 15). */
  published: number;
  /** Per message worker, the distinct chat messages whose job reached its queue. */
  messagesPerWorker: Record<string, number>;
}

// A job's or an event's body names its message in `payload.messageId` (analytics: `payload.message`).
const messageIdOf = (body: string): string | undefined => {
  const payload = (JSON.parse(body) as { payload?: { messageId?: string; message?: { messageId?: string } } }).payload;
  return payload?.messageId ?? payload?.message?.messageId;
};

/**
 * The gateway relays jobs to a topology of this run's own (JOB_QUEUE_PREFIX), which no worker reads
 * during a bench. Counting them back shows they really reached RabbitMQ, and that each of the five
 * workers' queues holds every message's job; deleting the topology afterwards keeps repeated runs
 * from piling persistent messages onto the broker. Stops at `expected` copies or `idleMs` after the last one.
 */
export async function drainJobs(amqpUrl: string, prefix: string, expected: number, idleMs = 2_000): Promise<JobCheck> {
  const connection = await connect(amqpUrl);
  const names = topology(prefix);
  let delivered = 0;
  const ids = new Set<string>();
  const perWorker = new Map<JobType, Set<string>>(MESSAGE_JOB_TYPES.map((t) => [t, new Set()]));
  let lastDelivery = Date.now();
  try {
    const channel = await connection.createChannel();
    for (const type of JOB_TYPES) {
      await channel.consume(names.workQueue(type), (m) => {
        if (!m) return;
        lastDelivery = Date.now();
        delivered++;
        if (typeof m.properties.messageId === 'string') ids.add(m.properties.messageId);
        const messageId = messageIdOf(m.content.toString('utf8'));
        if (messageId) perWorker.get(type)?.add(messageId);
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
