import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'amqplib';
import { RabbitJobQueue } from '@chat/core/adapters/rabbitmq/job-queue';
import { exchangeNames, queueNames } from '@chat/core/adapters/rabbitmq/topology';
import { jobsForMessage, MESSAGE_JOB_TYPES, type Job, type MessageRef, type OutboxJob } from '@chat/core/domain/jobs/job';
import { DEFAULT_RETRY_POLICY } from '@chat/core/domain/jobs/retry';
import { round } from '../lib/proc-stats.js';
import { findServiceRoots, snapshot } from '../send-path/cpu.js';

/**
 * What relaying a new message's jobs costs RabbitMQ and the relaying process, in the two layouts
 * side by side on one broker (issue 15): `per-worker` publishes the five jobs a send used to
 * store (one per worker, each routed to its queue), `fan-out` publishes the one event the
 * `chat.jobs.message` exchange copies to the same five queues. Both are persistent, mandatory
 * and confirmed by the same adapter. `send` relays one message per publish call with `inFlight`
 * sends at once (the send path); `sweep` relays 200 messages per call (timer-outbox-relay).
 */
export type Layout = 'per-worker' | 'fan-out';

export interface PublishCost {
  layout: Layout;
  mode: string;
  messages: number;
  /** Jobs per message handed to `publish`: five jobs, or one event. */
  jobsPerMessage: number;
  /**
   * Broker messages the five worker queues held afterwards, per message: 5 per-worker; for the
   * fan-out 5 when each event went alone, fewer when concurrent publishes shared a batch.
   */
  queueMessagesPerMessage: number;
  wallUsPerMessage: number;
  /** CPU of this process (amqplib, JSON) per message. */
  clientCpuUsPerMessage: number;
  /** CPU of the RabbitMQ process tree per message; undefined when its process was not found. */
  brokerCpuUsPerMessage: number | undefined;
}

const refOf = (): MessageRef => ({
  conversationId: `conv-${randomUUID()}`,
  seq: 1,
  messageId: randomUUID(),
  senderId: 'alice',
  createdAt: new Date().toISOString(),
});

function jobsOf(layout: Layout): OutboxJob[] {
  const ref = refOf();
  const at = new Date().toISOString();
  if (layout === 'fan-out') return jobsForMessage(ref, randomUUID, at);
  return MESSAGE_JOB_TYPES.map(
    (type): Job => ({ id: randomUUID(), type, payload: type === 'analytics' ? { kind: 'message', message: ref } : ref, createdAt: at, attempt: 0 }),
  );
}

/** One measured round: `messages` messages relayed in `layout`, then the queues counted and emptied. */
export async function measurePublish(
  queue: RabbitJobQueue,
  amqpUrl: string,
  options: { layout: Layout; messages: number; perCall: number; inFlight: number; brokerMarker?: string },
): Promise<PublishCost> {
  const { layout, messages, perCall, inFlight } = options;
  const calls = Array.from({ length: Math.ceil(messages / perCall) }, (_, i) =>
    Array.from({ length: Math.min(perCall, messages - i * perCall) }, () => jobsOf(layout)).flat(),
  );
  const jobs = calls.reduce((n, c) => n + c.length, 0);
  await queue.assertTopology();
  const roots = options.brokerMarker ? findServiceRoots([options.brokerMarker]) : new Map<number, string>();
  const broker = () => snapshot(roots).services.rabbitmq;
  const [cpu0, broker0, t0] = [process.cpuUsage(), broker(), performance.now()];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < calls.length; i = next++) await queue.publish(calls[i]!);
    }),
  );
  const [wallMs, cpu, broker1] = [performance.now() - t0, process.cpuUsage(cpu0), broker()];
  const connection = await connect(amqpUrl);
  try {
    const ch = await connection.createChannel();
    let queued = 0;
    for (const type of MESSAGE_JOB_TYPES) queued += (await ch.purgeQueue(queue.names.workQueue(type))).messageCount;
    const per = (us: number) => round(us / messages);
    return {
      layout,
      mode: perCall === 1 ? `send (${inFlight} in flight)` : `sweep (${perCall} per call)`,
      messages,
      jobsPerMessage: jobs / messages,
      queueMessagesPerMessage: round(queued / messages),
      wallUsPerMessage: per(wallMs * 1000),
      clientCpuUsPerMessage: per(cpu.user + cpu.system),
      brokerCpuUsPerMessage: broker0 === undefined || broker1 === undefined ? undefined : per((broker1 - broker0) * 1000),
    };
  } finally {
    await connection.close();
  }
}

/** A queue on a topology of its own; `destroy` deletes it. */
export function benchQueue(amqpUrl: string) {
  const queue = new RabbitJobQueue(amqpUrl, { prefix: `bench-${randomBytes(4).toString('hex')}`, timeoutMs: 30_000 });
  return {
    queue,
    destroy: async () => {
      await queue.close();
      const connection = await connect(amqpUrl);
      const ch = await connection.createChannel();
      for (const name of queueNames(queue.names, DEFAULT_RETRY_POLICY)) await ch.deleteQueue(name);
      for (const name of exchangeNames(queue.names)) await ch.deleteExchange(name);
      await connection.close();
    },
  };
}

/**
 * `AMQP_URL=… npm run bench:jobs -w @chat/bench [-- messages]`: both layouts, each mode, rounds
 * interleaved (per-worker, fan-out, per-worker…) so machine load hits both alike; the median of
 * three rounds is printed. The broker's CPU is found through this checkout's `.services` directory.
 */
async function main(): Promise<void> {
  const amqpUrl = process.env.AMQP_URL;
  if (!amqpUrl) throw new Error('AMQP_URL is not set (source the env that `bash scripts/services up` printed)');
  const messages = Number(process.argv[2] ?? 2_000);
  const brokerMarker = path.resolve(import.meta.dirname, '../../..', process.env.SERVICES_DIR ?? '.services');
  const { queue, destroy } = benchQueue(amqpUrl);
  const modes = [
    { perCall: 1, inFlight: 1 },
    { perCall: 1, inFlight: 16 },
    { perCall: 200, inFlight: 1 },
  ];
  const rows: PublishCost[] = [];
  const load = os.loadavg()[0]!;
  try {
    // Warm-up: connection, topology, JIT.
    await measurePublish(queue, amqpUrl, { layout: 'per-worker', messages: 200, perCall: 1, inFlight: 4 });
    await measurePublish(queue, amqpUrl, { layout: 'fan-out', messages: 200, perCall: 1, inFlight: 4 });
    for (const mode of modes) {
      const runs: Record<Layout, PublishCost[]> = { 'per-worker': [], 'fan-out': [] };
      for (let round = 0; round < 3; round++)
        for (const layout of ['per-worker', 'fan-out'] as const)
          runs[layout].push(await measurePublish(queue, amqpUrl, { layout, messages, ...mode, brokerMarker }));
      for (const layout of ['per-worker', 'fan-out'] as const) rows.push(median(runs[layout]));
    }
  } finally {
    await destroy();
  }
  const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : String(n));
  console.log(`| mode | layout | jobs/msg | queue messages/msg | wall µs/msg | client CPU µs/msg | RabbitMQ CPU µs/msg |
| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const r of rows)
    console.log(
      `| ${r.mode} | ${r.layout} | ${r.jobsPerMessage} | ${r.queueMessagesPerMessage} | ${r.wallUsPerMessage} | ${r.clientCpuUsPerMessage} | ${fmt(r.brokerCpuUsPerMessage)} |`,
    );
  console.log(
    `\n${messages} messages per round, median of 3 interleaved rounds; load average ${round(load)} at start, ${round(os.loadavg()[0]!)} at end (${os.cpus().length} cores). Node ${process.version}.`,
  );
}

// The median by wall time (the row is kept whole, so its figures belong to one round).
function median(runs: PublishCost[]): PublishCost {
  return [...runs].sort((a, b) => a.wallUsPerMessage - b.wallUsPerMessage)[Math.floor(runs.length / 2)]!;
}

if (process.argv[1] === import.meta.filename) await main();
