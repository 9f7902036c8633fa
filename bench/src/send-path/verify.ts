import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { JOB_TYPES } from '@chat/core/domain/jobs/job';
import { queueNames, topology } from '@chat/core/adapters/rabbitmq/topology';
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

/**
 * The gateway relays jobs to a topology of this run's own (JOB_QUEUE_PREFIX), which no worker reads
 * during a bench. Counting them back shows they really reached RabbitMQ; deleting the topology
 * afterwards keeps repeated runs from piling persistent messages onto the broker. Stops at
 * `expected` jobs or `idleMs` after the last one.
 */
export async function drainJobs(amqpUrl: string, prefix: string, expected: number, idleMs = 2_000): Promise<number> {
  const connection = await connect(amqpUrl);
  const names = topology(prefix);
  let jobs = 0;
  let lastDelivery = Date.now();
  try {
    const channel = await connection.createChannel();
    for (const type of JOB_TYPES) {
      await channel.consume(names.workQueue(type), (m) => {
        if (!m) return;
        lastDelivery = Date.now();
        jobs++;
        channel.ack(m);
      });
    }
    // The idle clock starts once every consumer is registered: setting them up can take a while on a busy broker.
    lastDelivery = Math.max(lastDelivery, Date.now());
    const deadline = Date.now() + 30_000;
    while (jobs < expected && Date.now() - lastDelivery < idleMs && Date.now() < deadline) await sleep(50);
    await channel.close();
    const admin = await connection.createChannel();
    for (const name of queueNames(names, DEFAULT_RETRY_POLICY)) await admin.deleteQueue(name);
    for (const name of [names.workExchange, names.retryExchange, names.deadExchange]) await admin.deleteExchange(name);
    return jobs;
  } finally {
    await connection.close();
  }
}
