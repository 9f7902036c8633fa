import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runFanout, fanoutUnits } from './fanout/run.js';
import { cpuPerDelivery } from './fanout/saturation.js';
import { startCentrifugo, startOurs, startPeer } from './fanout/systems.js';
import type { FanoutResult, SystemUnderTest } from './fanout/types.js';
import { Progress } from './lib/progress.js';
import { dropUndropped, seedChat, type Seeded } from './lib/seed.js';
import { ensureServices, repoRoot, type Services } from './lib/services.js';
import { parseOptions, type BenchOptions } from './options.js';
import { describeMachine, redisInfo, redisPids } from './report/machine.js';
import { renderMarkdown } from './report/markdown.js';
import type { BenchReport } from './report/types.js';
import { writeReport } from './report/write.js';
import { runSendPath, type SendPathResult } from './send-path/run.js';

/**
 * `npm run bench`: the fan-out workload on our gateway, Socket.IO + redis-adapter and Centrifugo
 * in the same run, then the send path per store; writes bench/results/<date>.{json,md,svg}. A scenario
 * that fails is reported (and the exit code is 1) while the others still run.
 */
const SEND_SETUP_UNITS = 12;

function plan(o: BenchOptions): number {
  const systems = o.scenarios.filter(isFanout).length;
  let units = 1;
  if (systems > 0) units += 3 + 7 + fanoutUnits(o, systems);
  // On PostgreSQL the naive peer (bench/src/send-peer) runs right after ours.
  if (o.scenarios.includes('send')) units += sendRuns(o).length * (o.sendSeconds + SEND_SETUP_UNITS);
  return units;
}

const FANOUT_SCENARIOS = ['fanout', 'peer', 'centrifugo'] as const;
const isFanout = (s: string) => (FANOUT_SCENARIOS as readonly string[]).includes(s);
const SERVER_NAMES = { fanout: 'gateway', peer: 'Socket.IO', centrifugo: 'Centrifugo' } as const;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function fanout(o: BenchOptions, services: Services, progress: Progress, failures: BenchReport['failures']): Promise<FanoutResult[]> {
  // --redis-cluster: everything of the fan-out (gateway nodes, publisher, Socket.IO) on the cluster.
  const redisUrl = o.redisCluster ? services.env.REDIS_CLUSTER_URL : services.env.REDIS_URL;
  if (!redisUrl) throw new Error('--redis-cluster: scripts/services env printed no REDIS_CLUSTER_URL (restart the services: npm run services down, up)');
  const redisPidList = await redisPids(redisUrl);
  const profileArgs = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(outDir(o), 'profiles')}`] : undefined;
  const wanted = FANOUT_SCENARIOS.filter((s) => o.scenarios.includes(s));
  const end = progress.completed + 3 + 7 + fanoutUnits(o, wanted.length);
  progress.show(`seeding ${o.clients} users in groups of ${o.groupSize}`);
  const seeded: Seeded = await seedChat({
    users: o.clients,
    groupSize: o.groupSize,
    databaseUrl: services.env.DATABASE_URL,
    redisUrl,
    amqpUrl: services.env.AMQP_URL,
  });
  progress.advance(3, 'seeded');
  const systems: SystemUnderTest[] = [];
  try {
    // Every system stays up for the whole ladder: their steps interleave (fanout/run.ts).
    const start = {
      fanout: () => startOurs(seeded, o.nodes, profileArgs),
      peer: () => startPeer(seeded, o.nodes, o.groupSize, redisUrl, profileArgs),
      centrifugo: () => startCentrifugo(seeded, o.nodes, o.groupSize, services.env.REDIS_URL, o.centrifugoGomaxprocs),
    };
    for (const scenario of wanted) {
      try {
        progress.show(`starting ${o.nodes} ${SERVER_NAMES[scenario]} nodes`);
        systems.push(await start[scenario]());
        progress.advance(scenario === 'fanout' ? 5 : 2, `${systems.at(-1)!.label}: ${o.nodes} nodes up`);
      } catch (error) {
        failures.push({ scenario, error: message(error) });
        progress.log(`${scenario}: the servers did not start: ${message(error)}`);
      }
    }
    if (systems.length === 0) return [];
    return await runFanout(systems, { ...o, redisUrl, redisPids: redisPidList }, progress);
  } catch (error) {
    failures.push({ scenario: systems.map((s) => s.id).join('+'), error: message(error) });
    progress.log(`fan-out failed: ${message(error)}`);
    return [];
  } finally {
    await Promise.all(systems.map((s) => s.stop()));
    await seeded.drop().catch((error: unknown) => progress.log(`dropping the bench databases failed: ${message(error)}`));
    progress.advanceTo(end, 'fan-out done');
  }
}

async function sendPath(o: BenchOptions, services: Services, progress: Progress, failures: BenchReport['failures']): Promise<SendPathResult[]> {
  const results: SendPathResult[] = [];
  for (const { store, system } of sendRuns(o)) {
    const end = progress.completed + o.sendSeconds + SEND_SETUP_UNITS;
    try {
      const options = {
        store,
        system,
        seconds: o.sendSeconds,
        connections: o.sendConnections,
        groupSize: o.sendGroupSize,
        commits: o.sendCommits,
        ...(o.cpuProf && { cpuProfileDir: path.join(outDir(o), 'profiles') }),
      };
      results.push(await runSendPath(options, services, progress));
    } catch (error) {
      failures.push({ scenario: `send (${system}, ${store})`, error: message(error) });
      progress.log(`send path (${system}, ${store}) failed: ${message(error)}`);
    }
    progress.advanceTo(end, `send path (${system}, ${store}) done`);
  }
  return results;
}

type SendRun = Pick<SendPathResult, 'store' | 'system'>;

function sendRuns(o: BenchOptions): SendRun[] {
  return o.stores.flatMap((store): SendRun[] =>
    store === 'postgres'
      ? [
          { store, system: 'ours' },
          { store, system: 'peer' },
        ]
      : [{ store, system: 'ours' }],
  );
}

/** `--out` is relative to where `npm run bench` was typed (npm runs the script in bench/). */
const outDir = (o: BenchOptions) => path.resolve(process.env.INIT_CWD ?? repoRoot, o.out);

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${message(error)}\n(npm run bench -- --help lists the flags)`);
    return 2;
  }
  if (!options) return 0;
  const startedAt = new Date();
  const t0 = performance.now();
  const progress = new Progress(plan(options));
  const services = await ensureServices((line) => progress.log(line));
  const failures: BenchReport['failures'] = [];
  try {
    const redis = await redisInfo(services.env.REDIS_URL);
    const machine = await describeMachine(redis);
    if (machine.loadAverage > machine.cores)
      progress.log(`load average ${machine.loadAverage} on ${machine.cores} cores: something else is running, expect noisy figures`);
    const fanoutResults = options.scenarios.some(isFanout) ? await fanout(options, services, progress, failures) : [];
    const sendResults = options.scenarios.includes('send') ? await sendPath(options, services, progress, failures) : [];
    const [ours, peer] = [fanoutResults.find((f) => f.system === 'ours'), fanoutResults.find((f) => f.system === 'peer')];
    const ratio =
      ours?.saturation && peer?.saturation ? Math.round((100 * ours.saturation.deliveriesPerSecond) / peer.saturation.deliveriesPerSecond) / 100 : null;
    const [oursCpu, peerCpu] = [ours && cpuPerDelivery(ours.steps), peer && cpuPerDelivery(peer.steps)];
    const cpuRatio = oursCpu && peerCpu ? Math.round((100 * peerCpu) / oursCpu) / 100 : null;
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      wallSeconds: Math.round((performance.now() - t0) / 1000),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine,
      options,
      fanout: fanoutResults,
      ratio,
      cpuRatio,
      sendPath: sendResults,
      failures,
    };
    const files = await writeReport(report, outDir(options));
    progress.advance(1, 'report written');
    progress.finish();
    process.stdout.write(`\n${renderMarkdown(report, files.svg && path.basename(files.svg))}\n`);
    progress.log(
      `wrote ${[files.json, files.markdown, files.svg]
        .filter(Boolean)
        .map((f) => path.relative(process.env.INIT_CWD ?? repoRoot, f!))
        .join(', ')}`,
    );
  } finally {
    progress.finish();
    await services.release();
  }
  return failures.length > 0 ? 1 : 0;
}

// Ctrl-C: drop the seeded databases (for at most a few seconds), then exit through process.exit so
// the 'exit' hooks kill every server (lib/server-process.ts); the forked load generators exit when
// their IPC channel closes (lib/children.ts). A second Ctrl-C exits at once.
const interrupt = (code: number) => () => {
  if (interrupted) process.exit(code);
  interrupted = true;
  void Promise.race([dropUndropped(), sleep(5_000)]).finally(() => process.exit(code));
};
let interrupted = false;
process.on('SIGINT', interrupt(130));
process.on('SIGTERM', interrupt(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
