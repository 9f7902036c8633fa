import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { MongoClient } from 'mongodb';
import { loadConfig } from '@chat/core/config/env';
import { createDeps, provideDeps } from './deps.js';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { MemoryKeyValueStore } from '@chat/core/adapters/memory/key-value';
import { JOB_TYPES, type Job, type JobType } from '@chat/core/domain/jobs/job';
import type { RetryPolicy } from '@chat/core/domain/jobs/retry';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import type { JobQueue } from '@chat/core/ports/job-queue';
import { exchangeNames, queueNames } from '@chat/core/adapters/rabbitmq/topology';
import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { queueFunction } from '@chat/core/runtime/queue-function';
import type { LoadedFunction } from '../../scripts/local-cloud/function-host.js';
import { requireServiceUrl } from '../harness-env.js';
import { freshDatabase } from './fresh-database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const services = (command: string) => promisify(execFile)('bash', ['scripts/services', command], { cwd: ROOT });

/**
 * A real outage of the test broker: `scripts/services stop-rabbitmq` stops the RabbitMQ
 * application (every connection is closed, the port refuses), `start-rabbitmq` boots it again.
 * Every suite on that broker sees it, so only `*.serial.test.ts` files (run alone) may use it.
 * `end()` is safe to call whatever state `begin()` left, so an afterAll can always call it.
 */
export function brokerOutage(amqpUrl: string) {
  let down = false;
  return {
    begin: async () => {
      down = true; // before the stop: a half-done stop must still be undone by end()
      await services('stop-rabbitmq');
    },
    end: async () => {
      if (!down) return;
      await services('start-rabbitmq');
      down = false;
      await brokerReady(amqpUrl);
    },
  };
}

/** Waits until an AMQP connection can be opened: the port answering is not yet the vhost being ready. */
export async function brokerReady(amqpUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await connect(amqpUrl)).close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`RabbitMQ not ready after ${timeoutMs} ms: ${String(error)}`);
      await sleep(250);
    }
  }
}

/**
 * Deps on a fresh PostgreSQL database (and a fresh MongoDB database for `mongo`), jobs on `queue`.
 * `mongoOptions` go into the MongoDB connection string (they override the adapter's defaults).
 */
export async function jobDeps(store: 'sql' | 'mongo', queue: JobQueue, maxAttempts: number, mongoOptions: Record<string, string> = {}) {
  const pg = await freshDatabase('jobs');
  const mongoDb = `jobs_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const mongoUrl = new URL(requireServiceUrl('MONGODB_URL'));
  mongoUrl.pathname = `/${mongoDb}`;
  for (const [name, value] of Object.entries(mongoOptions)) mongoUrl.searchParams.set(name, value);
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: pg.url,
    JOB_MAX_ATTEMPTS: String(maxAttempts),
    ...(store === 'mongo' && { MONGODB_URL: mongoUrl.toString() }),
  };
  const deps = await createDeps(loadConfig(env, { devSigningKeys: [await generateSigningKey()] }), {
    migrate: true,
    jobs: queue,
    kv: new MemoryKeyValueStore(),
  });
  provideDeps(deps);
  return {
    deps,
    close: async () => {
      await deps.close();
      if (store === 'mongo') {
        const client = await new MongoClient(requireServiceUrl('MONGODB_URL')).connect();
        await client.db(mongoDb).dropDatabase();
        await client.close();
      }
      await pg.drop();
    },
  };
}

/** A RabbitJobQueue on a topology of its own; `destroy()` deletes that topology. */
export function testQueue(amqpUrl: string, policy: RetryPolicy) {
  const queue = new RabbitJobQueue(amqpUrl, { prefix: `test-${randomBytes(4).toString('hex')}`, policy, timeoutMs: 2_000 });
  const withChannel = async <T>(use: (ch: Awaited<ReturnType<Awaited<ReturnType<typeof connect>>['createChannel']>>) => Promise<T>) => {
    const conn = await connect(amqpUrl);
    try {
      return await use(await conn.createChannel());
    } finally {
      await conn.close();
    }
  };
  return {
    queue,
    /** Dead letters of a type: bodies with their x-error header (removes them). */
    takeDeadLetters: (type: JobType) =>
      withChannel(async (ch) => {
        const taken: { body: string; reason: string }[] = [];
        for (let m = await ch.get(queue.names.deadQueue(type), { noAck: true }); m; m = await ch.get(queue.names.deadQueue(type), { noAck: true })) {
          taken.push({ body: m.content.toString('utf8'), reason: String(m.properties.headers?.['x-error'] ?? '') });
        }
        return taken;
      }),
    putRaw: async (type: JobType, body: string) => {
      const conn = await connect(amqpUrl);
      const ch = await conn.createConfirmChannel();
      ch.sendToQueue(queue.names.workQueue(type), Buffer.from(body));
      await ch.waitForConfirms();
      await conn.close();
    },
    destroy: async () => {
      await queue.close();
      await withChannel(async (ch) => {
        for (const name of queueNames(queue.names, policy)) await ch.deleteQueue(name);
        for (const name of exchangeNames(queue.names)) await ch.deleteExchange(name);
      });
    },
  };
}

/**
 * Worker functions for every job type that count each run of a job (its effect) and fail for
 * ids in `poison`, loaded as the local cloud loads `functions/queue-<type>-*` handlers.
 */
export function countingWorkers() {
  const runs = new Map<string, number>();
  const poison = new Set<string>();
  const functions = new Map<string, LoadedFunction>();
  for (const type of JOB_TYPES) {
    const name = `queue-${type}-count`;
    const handler = queueFunction(type, async (job: Job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      if (poison.has(job.id)) throw new Error(`poison job ${job.id}`);
    });
    functions.set(name, { name, handler: handler as unknown as FcHandler<FcHttpResult>, memory: 512, timeout: 60 });
  }
  return { runs, poison, functions };
}
