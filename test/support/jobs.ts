import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { JOB_TYPES, type Job, type JobType } from '@chat/core/domain/jobs/job';
import type { RetryPolicy } from '@chat/core/domain/jobs/retry';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import { queueNames } from '@chat/core/adapters/rabbitmq/topology';
import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { queueFunction } from '@chat/core/runtime/queue-function';
import type { LoadedFunction } from '../../scripts/local-cloud/function-host.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * A broker outage. By default the network to RabbitMQ is cut by a proxy, which leaves the shared
 * broker up for suites running in parallel; JOBS_OUTAGE=broker stops the RabbitMQ application
 * itself (scripts/services stop-rabbitmq), for a run on its own.
 */
export interface Outage {
  amqpUrl: string;
  begin(): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

const services = (command: string) => promisify(execFile)('bash', ['scripts/services', command]);

export async function brokerOutage(amqpUrl: string): Promise<Outage> {
  if (process.env.JOBS_OUTAGE === 'broker') {
    return { amqpUrl, begin: async () => void (await services('stop-rabbitmq')), end: async () => void (await services('start-rabbitmq')), close: async () => undefined };
  }
  const target = new URL(amqpUrl);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  return { amqpUrl: proxy.rewrite(amqpUrl), begin: () => proxy.cut(), end: () => proxy.restore(), close: () => proxy.cut() };
}

/** A RabbitJobQueue on a topology of its own; `destroy()` deletes that topology. */
export function testQueue(amqpUrl: string, policy: RetryPolicy, adminUrl = amqpUrl) {
  const queue = new RabbitJobQueue(amqpUrl, { prefix: `test-${randomBytes(4).toString('hex')}`, policy, timeoutMs: 2_000 });
  const withChannel = async <T>(use: (ch: Awaited<ReturnType<Awaited<ReturnType<typeof connect>>['createChannel']>>) => Promise<T>) => {
    const conn = await connect(adminUrl);
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
      const conn = await connect(adminUrl);
      const ch = await conn.createConfirmChannel();
      ch.sendToQueue(queue.names.workQueue(type), Buffer.from(body));
      await ch.waitForConfirms();
      await conn.close();
    },
    destroy: async () => {
      await queue.close();
      await withChannel(async (ch) => {
        for (const name of queueNames(queue.names, policy)) await ch.deleteQueue(name);
        for (const name of [queue.names.workExchange, queue.names.retryExchange, queue.names.deadExchange]) await ch.deleteExchange(name);
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
