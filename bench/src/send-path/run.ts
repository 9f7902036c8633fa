import { randomBytes } from 'node:crypto';
/**
 * Issue 5, §3: acknowledged sends per second and ack latency over the whole send path (token
 * check, membership, idempotency, seq allocation, persistence, outbox in the same write, relay to
 * RabbitMQ, Redis publish), once per message store. The gateway runs as deployed on ECS
 * (gateway/src/main.ts, CHAT_API=inprocess, so it runs the same sendMessage use case as the FC
 * function); the load comes from separate processes (sender.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { isRedisClusterUrl, parseRedisClusterUrl } from '@chat/core/config/redis-url';
import { MESSAGE_JOB_TYPES } from '@chat/core/domain/jobs/job';
import { startChild, type Child } from '../lib/children.js';
import { startGatewayNodes, type GatewayNodes } from '../lib/gateway-nodes.js';
import { startSendPeer } from '../send-peer/start.js';
import { Histogram, nowMs } from '../lib/histogram.js';
import { cpuCores, round, sampleProcess, type ProcSample } from '../lib/proc-stats.js';
import type { Progress } from '../lib/progress.js';
import { seedChat } from '../lib/seed.js';
import { repoRoot, type Services } from '../lib/services.js';
import { withCommitDurability, type CommitDurability } from './commit-durability.js';
import { coresBetween, findServiceRoots, snapshot } from './cpu.js';
import type { SenderClient, SenderReport } from './sender.js';
import { checkJobs, drainJobs, settledStore, storedRefs, type Drained, type JobCheck } from './verify.js';

export interface SendPathOptions {
  store: 'postgres' | 'mongo';
  /** Our gateway (default) or the naive Socket.IO + pg peer (bench/src/send-peer; PostgreSQL only). */
  system?: 'ours' | 'peer';
  seconds: number;
  connections: number;
  /** Members per group; each user is in one group, so there are connections / groupSize conversations. Default 5. */
  groupSize?: number;
  /** Load-generator processes. Default 1: on 2 cores a second one only takes CPU from the servers. */
  senders?: number;
  gatewayNodes?: number;
  warmupSeconds?: number;
  /**
   * Floor between two sends of one connection. Default 25 ms (40/s, a ceiling of 4,000/s at 100
   * connections); the bench raises our gateway's per-connection frame limit (20/s in production)
   * to `SEND_FRAMES_PER_SECOND` so the limiter never answers for the store. The peer has none.
   */
  minIntervalMs?: number;
  /** Set: the gateway runs with --cpu-prof and writes its profile here on exit. */
  cpuProfileDir?: string;
  /** PostgreSQL commits as deployed (`durable`, the default) or as the test harness runs it. */
  commits?: CommitDurability;
}

export interface SendPathResult {
  store: 'postgres' | 'mongo';
  system: 'ours' | 'peer';
  /** Whether PostgreSQL flushed its WAL at each commit during the run (see CommitDurability). */
  commits: CommitDurability;
  seconds: number;
  connections: number;
  acked: number;
  errors: number;
  ackedPerSecond: number;
  ackMs: { p50: number; p95: number; p99: number; max: number };
  gatewayCpuCores: number;
  gatewayRssBytes: number;
  conversations: number;
  groupSize: number;
  /** The most the paced connections could send per second; a result near it means add connections. */
  offeredCeilingPerSecond: number;
  errorsByCode: Record<string, number>;
  loadGeneratorCpuCores: number;
  /** CPU of the backing services' process trees and of the whole machine over the window. */
  serviceCpuCores: Record<string, number>;
  machineCpuCores: number;
  /**
   * CPU milliseconds per acked send, per process (gateway, load generator, each service). Unlike
   * acks/s these barely move when other work shares the machine, so they give the ceiling on idle
   * cores: cores × 1000 / (sum of these).
   */
  cpuMsPerAck: Record<string, number>;
  /** Over the whole run: acks the clients got, messages the store holds, jobs left in its outbox. */
  totalAcked: number;
  storedMessages: number;
  outboxLeft: number;
  /** This run's jobs found in the `chat.jobs.*` work queues (and taken out): a copy per worker, 5 per new message. */
  jobsRelayed: number;
  /** Broker publishes behind them (distinct message ids): 1 per new message since the fan-out (issue 15). */
  jobPublishes: number;
  /** Per message worker, the stored messages whose job reached its queue: each should be `storedMessages`. */
  messagesPerWorker: Record<string, number>;
  /** `message.new` frames the connected members received in the whole run. */
  delivered: number;
  /** Ours only: whether each message-job queue got exactly one job naming each stored message. */
  jobContent?: JobCheck;
}

export async function runSendPath(options: SendPathOptions, services: Services, progress: Progress): Promise<SendPathResult> {
  const commits = options.commits ?? 'durable';
  return withCommitDurability(services.env.DATABASE_URL, commits, async () => ({ commits, ...(await measureSendPath(options, services, progress)) }));
}

async function measureSendPath(options: SendPathOptions, services: Services, progress: Progress): Promise<Omit<SendPathResult, 'commits'>> {
  const { store, seconds, connections } = options;
  const groupSize = options.groupSize ?? 5;
  const minIntervalMs = options.minIntervalMs ?? 25;
  const warmupMs = (options.warmupSeconds ?? 2) * 1000;
  const system = options.system ?? 'ours';
  if (system === 'peer' && store !== 'postgres') throw new Error('the send peer stores in PostgreSQL only');
  const label = `send path (${system === 'peer' ? 'peer, ' : ''}${store})`;
  const env = services.env;

  progress.show(`${label}: seeding ${connections} users in groups of ${groupSize}…`);
  const seeded = await seedChat({
    users: connections,
    groupSize,
    databaseUrl: env.DATABASE_URL,
    ...(store === 'mongo' && { mongodbUrl: env.MONGODB_URL }),
    redisUrl: env.REDIS_URL,
    amqpUrl: env.AMQP_URL,
  });
  const senders: Child[] = [];
  try {
    progress.show(`${label}: starting the gateway…`);
    const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : undefined;
    // Jobs go to a topology of this run's own, so concurrent runs and tests on the broker never mix.
    const queuePrefix = `bench-${randomBytes(4).toString('hex')}`;
    const gateways: GatewayNodes =
      system === 'peer'
        ? await startSendPeer({ DATABASE_URL: seeded.gatewayEnv.DATABASE_URL!, REDIS_URL: env.REDIS_URL }, nodeArgs)
        : await startGatewayNodes(
            options.gatewayNodes ?? 1,
            { ...seeded.gatewayEnv, JOB_QUEUE_PREFIX: queuePrefix, GATEWAY_CLIENT_FRAMES_PER_SECOND: String(SEND_FRAMES_PER_SECOND) },
            nodeArgs ? { nodeArgs } : {},
          );
    try {
      const groupOf = new Map(seeded.groups.flatMap((g) => g.members.map((m) => [m, g.id] as const)));
      const clients: SenderClient[] = seeded.users.map((u, i) => ({
        url: gateways.nodes[i % gateways.nodes.length]!.url,
        token: u.token,
        conversationIds: [groupOf.get(i)!],
        ...(system === 'peer' && { peerUserId: u.id }),
      }));
      const senderCount = Math.max(1, Math.min(options.senders ?? 1, connections));
      const script = path.join(repoRoot, 'bench/src/send-path/sender.ts');
      senders.push(...(await Promise.all(Array.from({ length: senderCount }, (_, s) => startChild(`send-path-sender-${s}`, script)))));
      progress.show(`${label}: opening ${connections} connections…`);
      const share = Math.ceil(connections / senderCount);
      await Promise.all(senders.map((s, i) => s.request({ type: 'connect', clients: clients.slice(i * share, (i + 1) * share), minIntervalMs })));

      // Every process starts at the same wall-clock instant (nowMs is comparable across processes),
      // so the CPU samples below cover exactly the senders' measured window.
      const startAt = nowMs() + 200;
      const runs = senders.map((s) => s.request<SenderReport>({ type: 'run', startAt, warmupMs, measureMs: seconds * 1000 }, (seconds + 120) * 1000));
      // Awaited below. Should the sampling throw first, stopping the senders rejects these: that must
      // not crash the process with "exited during a request" and hide the error that did it.
      for (const run of runs) run.catch(() => undefined);
      await sleep(startAt + warmupMs - nowMs());
      const pids = { gateways: gateways.nodes.map((n) => n.pid), senders: senders.map((s) => s.pid) };
      const roots = findServiceRoots(serviceMarkers(env));
      const first = { gateways: pids.gateways.map(sampleProcess), senders: pids.senders.map(sampleProcess), all: snapshot(roots) };
      let rss = 0;
      for (let s = 0; s < seconds; s++) {
        await sleep(startAt + warmupMs + (s + 1) * 1000 - nowMs());
        rss = Math.max(
          rss,
          pids.gateways.reduce((sum, pid) => sum + sampleProcess(pid).rssBytes, 0),
        );
        progress.advance(1, `${label}: ${s + 1}/${seconds} s`);
      }
      const last = { gateways: pids.gateways.map(sampleProcess), senders: pids.senders.map(sampleProcess), all: snapshot(roots) };
      const reports = await Promise.all(runs);
      gateways.check();

      progress.show(`${label}: checking the store…`);
      const histogram = new Histogram();
      const errorsByCode: Record<string, number> = {};
      for (const r of reports) {
        histogram.merge(r.histogram);
        for (const [code, n] of Object.entries(r.errors)) errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
      }
      const sum = (pick: (r: SenderReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
      const check = await settledStore(seeded.gatewayEnv);
      // The peer queues no jobs (and declares no topology to drain).
      const drained: Drained = new Map();
      const jobs =
        system === 'peer'
          ? { delivered: 0, published: 0, messagesPerWorker: {} }
          : await drainJobs(env.AMQP_URL, queuePrefix, COPIES_PER_MESSAGE * check.storedMessages, undefined, drained).catch((error: unknown) => {
              throw new Error(
                `${error instanceof Error ? error.message : String(error)}; ${check.outboxLeft} jobs left in the outbox. The gateways' last output:\n${gateways.output()}`,
              );
            });
      const jobContent = system === 'peer' ? undefined : checkJobs(drained, await storedRefs(seeded.gatewayEnv), MESSAGE_JOB_TYPES);
      const cpu = coresBetween(first.all, last.all);
      const quantile = (q: number) => round(histogram.quantile(q));
      const result: Omit<SendPathResult, 'commits'> = {
        store,
        system,
        seconds,
        connections,
        acked: histogram.count,
        errors: sum((r) => Object.values(r.errors).reduce((a, b) => a + b, 0)),
        ackedPerSecond: round(histogram.count / seconds, 1),
        ackMs: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99), max: round(histogram.max) },
        gatewayCpuCores: round(totalCores(first.gateways, last.gateways)),
        gatewayRssBytes: rss,
        conversations: seeded.groups.length,
        groupSize,
        offeredCeilingPerSecond: Math.round((connections * 1000) / minIntervalMs),
        errorsByCode,
        loadGeneratorCpuCores: round(totalCores(first.senders, last.senders)),
        serviceCpuCores: cpu.services,
        machineCpuCores: cpu.machine,
        cpuMsPerAck: {},
        totalAcked: sum((r) => r.totalAcked),
        storedMessages: check.storedMessages,
        outboxLeft: check.outboxLeft,
        jobsRelayed: jobs.delivered,
        jobPublishes: jobs.published,
        messagesPerWorker: jobs.messagesPerWorker,
        delivered: sum((r) => r.delivered),
        ...(jobContent && { jobContent }),
      };
      const perAck = (cores: number) => (histogram.count > 0 ? round((cores * 1000 * seconds) / histogram.count) : NaN);
      for (const [name, cores] of Object.entries({ gateway: result.gatewayCpuCores, loadGenerator: result.loadGeneratorCpuCores, ...cpu.services }))
        result.cpuMsPerAck[name] = perAck(cores);
      if (result.storedMessages !== result.totalAcked)
        progress.log(`${label}: the store holds ${result.storedMessages} messages but clients got ${result.totalAcked} acks`);
      if (result.outboxLeft > 0) progress.log(`${label}: ${result.outboxLeft} jobs still in the outbox after the run`);
      // Each of the five workers got every stored message's job.
      const short = Object.entries(jobs.messagesPerWorker).filter(([, n]) => n !== check.storedMessages);
      if (system === 'ours' && (short.length > 0 || jobs.delivered !== COPIES_PER_MESSAGE * check.storedMessages))
        progress.log(
          `${label}: of ${check.storedMessages} messages' jobs, RabbitMQ held ${short.map(([t, n]) => `${n} for ${t}`).join(', ') || 'all'} (${jobs.delivered} copies)`,
        );
      if (jobContent && (jobContent.complete !== check.storedMessages || jobContent.wrong + jobContent.duplicates > 0))
        progress.log(`${label}: job content: ${JSON.stringify(jobContent)} for ${check.storedMessages} stored messages`);
      if (result.ackedPerSecond > 0.9 * result.offeredCeilingPerSecond)
        progress.log(`${label}: acks reached the pacing ceiling; raise --connections or lower --min-interval-ms to load the store`);
      await Promise.all(senders.map((s) => s.request({ type: 'close' })));
      return result;
    } finally {
      await Promise.all(senders.map((s) => s.stop()));
      await gateways.stop();
    }
  } finally {
    await seeded.drop();
  }
}

/** Our gateway's per-connection frame limit during the bench: above any pacing it runs at. */
export const SEND_FRAMES_PER_SECOND = 100;

// A new message is one event, which the fan-out copies to each message worker's queue.
const COPIES_PER_MESSAGE = MESSAGE_JOB_TYPES.length;

const totalCores = (from: ProcSample[], to: ProcSample[]) => from.reduce((n, f, i) => n + cpuCores(f, to[i]!), 0);

/** How to recognise this checkout's service processes (another checkout's services may run too). */
function serviceMarkers(env: Services['env']): string[] {
  // A cluster URL lists several host:port seeds, which `new URL` refuses.
  const portsOf = (url: string) => (isRedisClusterUrl(url) ? (parseRedisClusterUrl(url)?.nodes.map((n) => n.port) ?? []) : [new URL(url).port]);
  const ports = Object.values(env).flatMap((url) => portsOf(url).map((port) => `:${port}`));
  return [path.resolve(repoRoot, process.env.SERVICES_DIR ?? '.services'), ...ports];
}
