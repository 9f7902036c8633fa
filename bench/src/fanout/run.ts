import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type Child } from '../lib/children.js';
import { Histogram, type HistogramJson } from '../lib/histogram.js';
import { machineCores, round, sampleMachine, sampleProcess } from '../lib/proc-stats.js';
import type { Progress } from '../lib/progress.js';
import { connectAndMeasure, window } from './measure.js';
import { saturation, shouldStop } from './saturation.js';
import type { ConnectCpu, FanoutResult, FanoutStep, NodeMemory, ProcUse, SystemUnderTest } from './types.js';

export interface FanoutOptions {
  clientProcs: number;
  rates: number[];
  stepSeconds: number;
  /** Longest wait after a step for its last deliveries (it ends sooner when they stop coming). */
  drainSeconds: number;
  /** Wait after the last connection before the idle-memory sample. */
  settleSeconds: number;
  redisUrl: string;
  /** The Redis server(s) to sample: one, or every master of a cluster (summed as one row). */
  redisPids: number[];
  groupSize: number;
}

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Progress units of the fan-out phase (see main.ts): per system connect and settle, then every step. */
export const fanoutUnits = (o: Pick<FanoutOptions, 'rates' | 'stepSeconds' | 'settleSeconds'>, systems: number) =>
  systems * (5 + o.settleSeconds + WARMUP_SECONDS + o.rates.length * (o.stepSeconds + 1));

const WARMUP_SECONDS = 2;
const QUIET_MS = 1_000;

interface Running {
  system: SystemUnderTest;
  publisher: Child;
  connectSeconds: number;
  connectCpu: ConnectCpu;
  memory: NodeMemory[];
  steps: FanoutStep[];
  stoppedEarly?: string;
}

/**
 * Runs the fan-out workload against every system in `systems`, interleaved: at each rate of the
 * ladder every system still climbing runs its step back to back (the order alternating per rate),
 * so a noisy neighbour slows both alike and the ratio holds. A system leaves the ladder after two
 * steps in a row miss the service level (p99 ≥ 100 ms or > 0.1% missing). The load-generator
 * processes hold the clients of all systems; each system has its own publisher process.
 * Children are always stopped, even on failure.
 */
export async function runFanout(systems: SystemUnderTest[], o: FanoutOptions, progress: Progress): Promise<FanoutResult[]> {
  const children: Child[] = [];
  const start = (name: string, file: string) => startChild(name, script(file)).then((c) => (children.push(c), c));
  try {
    const [clients, publishers] = await Promise.all([
      Promise.all(Array.from({ length: o.clientProcs }, (_, i) => start(`clients-${i}`, './client-proc.ts'))),
      Promise.all(systems.map((s) => start(`${s.id}-publisher`, './publisher-proc.ts'))),
    ]);
    const running: Running[] = [];
    for (const [i, system] of systems.entries()) {
      await publishers[i]!.request({ cmd: 'init', system: system.id, redisUrl: o.redisUrl, groups: system.groups, api: system.api });
      running.push({ system, publisher: publishers[i]!, ...(await connectAndMeasure(system, clients, o, progress)), steps: [] });
    }
    const loadGenerators = clients.map((c) => ({ name: c.name, pid: c.pid }));
    let stepId = 0;
    // An unreported warm-up step per system: the first messages pay for JIT and lazy set-up.
    for (const r of running) {
      progress.show(`${r.system.label}: warming up`);
      await runStep(r.system, { ...o, stepSeconds: WARMUP_SECONDS }, r.publisher, clients, loadGenerators, ++stepId, o.rates[0]!);
      progress.advance(WARMUP_SECONDS, `${r.system.label}: warmed up`);
    }
    for (const [i, rate] of o.rates.entries()) {
      const order = i % 2 === 0 ? running : [...running].reverse();
      for (const r of order) {
        if (r.stoppedEarly) continue;
        if (shouldStop(r.steps)) {
          r.stoppedEarly = `two steps in a row missed the service level; ${o.rates.length - i} higher rate(s) skipped`;
          progress.advance((o.rates.length - i) * (o.stepSeconds + 1), `${r.system.label}: saturated`);
          continue;
        }
        progress.show(`${r.system.label}: ${rate} msg/s`);
        const s = await runStep(r.system, o, r.publisher, clients, loadGenerators, ++stepId, rate);
        r.steps.push(s);
        progress.advance(o.stepSeconds + 1, `${r.system.label}: ${rate} msg/s → p99 ${s.latencyMs.p99.toFixed(1)} ms, ${s.missing} missing`);
      }
    }
    await Promise.all(clients.map((c) => c.request({ cmd: 'disconnect' }, 60_000)));
    await Promise.all(publishers.map((p) => p.request({ cmd: 'close' })));
    return running.map((r) => ({
      system: r.system.id,
      label: r.system.label,
      clients: r.system.targets.length,
      groupSize: o.groupSize,
      nodes: r.system.servers.length,
      connectSeconds: r.connectSeconds,
      connectCpu: r.connectCpu,
      memory: r.memory,
      steps: r.steps,
      saturation: saturation(r.steps),
      ...(r.stoppedEarly && { stoppedEarly: r.stoppedEarly }),
    }));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

async function runStep(
  system: SystemUnderTest,
  o: FanoutOptions,
  publisher: Child,
  clients: Child[],
  loadGenerators: { name: string; pid: number }[],
  step: number,
  rate: number,
): Promise<FanoutStep> {
  const closesBefore = await closeCounts(clients);
  const redis = o.redisPids.length > 0 ? window(o.redisPids.map((pid) => ({ name: 'redis', pid }))) : undefined;
  const servers = window(system.servers);
  const gens = window(loadGenerators);
  const pub = window([{ name: 'publisher', pid: publisher.pid }]);
  const machine = sampleMachine();
  const sent = await publisher.request<{ published: number; seconds: number; errors: number; firstError?: string }>(
    { cmd: 'run', step, rate, seconds: o.stepSeconds },
    (o.stepSeconds + 60) * 1000,
  );
  // CPU over the publishing window (the drain below would dilute it with idle time).
  system.check(); // a dead server has no /proc entry to sample: say which one died instead
  const [serverUse, genUse, pubUse, redisUse, machineUse] = [
    servers.end(),
    gens.end(),
    pub.end()[0]!,
    redis ? sumUse(redis.end()) : null,
    machineCores(machine, sampleMachine()),
  ];
  const expected = sent.published * o.groupSize;
  // Drain: until everything arrived, or nothing more arrived for a second (the rest is lost), or
  // the limit. An overloaded system's backlog must be gone before the next step (of either
  // system: they interleave) starts, or it would slow that step down.
  const deadline = performance.now() + o.drainSeconds * 1000;
  let [seen, changedAt] = [-1, performance.now()];
  while (performance.now() < deadline) {
    const total = (await Promise.all(clients.map((c) => c.request<number>({ cmd: 'count', step })))).reduce((a, b) => a + b, 0);
    if (total !== seen) [seen, changedAt] = [total, performance.now()];
    if (total >= expected || performance.now() - changedAt >= QUIET_MS) break;
    await sleep(100);
  }
  const collected = await Promise.all(clients.map((c) => c.request<{ received: number; histogram: HistogramJson }>({ cmd: 'collect', step })));
  system.check();
  // Server CPU per delivery counts the drain too: late deliveries cost CPU after publishing stopped.
  const serverCpuMs = system.servers.reduce((n, s, i) => n + sampleProcess(s.pid).cpuMs - servers.start[i]!.cpuMs, 0);
  const histogram = new Histogram();
  for (const c of collected) histogram.merge(c.histogram);
  const received = collected.reduce((n, c) => n + c.received, 0);
  const closesAfter = await closeCounts(clients);
  const closes = Object.fromEntries(
    Object.entries(closesAfter)
      .map(([k, v]) => [k, v - (closesBefore[k] ?? 0)])
      .filter(([, v]) => Number(v) > 0),
  );
  return {
    step,
    targetRate: rate,
    publishedRate: round(sent.published / sent.seconds, 1),
    published: sent.published,
    expected,
    received,
    missing: Math.max(0, expected - received),
    deliveriesPerSecond: Math.round(received / sent.seconds),
    serverCpuUsPerDelivery: received > 0 ? round((serverCpuMs * 1000) / received, 1) : NaN,
    latencyMs: { p50: round(histogram.quantile(0.5)), p95: round(histogram.quantile(0.95)), p99: round(histogram.quantile(0.99)), max: round(histogram.max) },
    servers: serverUse,
    redis: redisUse,
    loadGenerators: genUse,
    publisher: pubUse,
    machineCpuCores: round(machineUse),
    publishErrors: sent.errors,
    closes,
  };
}

const sumUse = (uses: ProcUse[]): ProcUse => ({
  name: uses.length > 1 ? `redis ×${uses.length}` : 'redis',
  cpuCores: round(uses.reduce((n, u) => n + u.cpuCores, 0)),
  rssBytes: uses.reduce((n, u) => n + u.rssBytes, 0),
});

async function closeCounts(clients: Child[]): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  for (const c of await Promise.all(clients.map((c) => c.request<{ closes: Record<string, number> }>({ cmd: 'closes' })))) {
    for (const [k, v] of Object.entries(c.closes)) all[k] = (all[k] ?? 0) + v;
  }
  return all;
}
