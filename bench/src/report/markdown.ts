import { cpuPerDelivery, stepPasses } from '../fanout/saturation.js';
import type { FanoutResult, FanoutStep, ProcUse } from '../fanout/types.js';
import { bytes, cores, count, ms, percent, table } from './format.js';
import type { BenchReport } from './types.js';

const each = (procs: ProcUse[], pick: (p: ProcUse) => string) => procs.map(pick).join(' / ');
const meanPerConnection = (f: FanoutResult) =>
  f.memory.reduce((n, m) => n + m.bytesPerConnection * m.measured, 0) /
  Math.max(
    1,
    f.memory.reduce((n, m) => n + m.measured, 0),
  );

function summary(report: BenchReport): string {
  const [a] = report.fanout;
  const systems = report.fanout;
  if (systems.length === 0) return '';
  const row = (label: string, cell: (f: FanoutResult) => string) => [label, ...systems.map(cell)];
  const rows = [
    row('saturation: publish rate (msg/s)', (f) => (f.saturation ? count(f.saturation.rate) : 'none passed')),
    row('saturation: deliveries/s', (f) => count(f.saturation?.deliveriesPerSecond)),
    row('p99 at saturation (ms)', (f) => ms(f.saturation?.p99Ms)),
    row('highest rate tried (msg/s)', (f) => count(f.steps.at(-1)?.targetRate)),
    row('server CPU per delivery (µs, marginal)', (f) => ms(cpuPerDelivery(f.steps))),
    row('memory per idle connection', (f) => bytes(meanPerConnection(f))),
    row(`connecting ${count(a?.clients)} clients (s)`, (f) => String(f.connectSeconds)),
    row('server CPU per connect (ms)', (f) => f.connectCpu?.serverMsPerConnect.toFixed(2) ?? '–'),
    row('machine busy while connecting (cores)', (f) => cores(f.connectCpu?.machineCores)),
  ];
  let text = table(['', ...systems.map((f) => f.label)], rows);
  const ours = systems.find((f) => f.system === 'ours');
  for (const other of ours ? systems.filter((f) => f !== ours) : []) text += `\n\n${comparison(ours!, other)}`;
  return text;
}

/** The issue's targets: saturation ≥ 2× Socket.IO's and ≥ Centrifugo's. */
const SATURATION_TARGET: Record<string, number> = { peer: 2, centrifugo: 1 };

function comparison(ours: FanoutResult, other: FanoutResult): string {
  const target = SATURATION_TARGET[other.system] ?? 1;
  const ratio = ours.saturation && other.saturation ? ours.saturation.deliveriesPerSecond / other.saturation.deliveriesPerSecond : null;
  const verdict =
    ratio === null ? 'not comparable (a system passed no step)' : `**${ratio.toFixed(2)}×** (${ratio >= target ? 'meets' : 'misses'} the ≥ ${target}× target)`;
  let text = `Saturation throughput, ${ours.label} / ${other.label}: ${verdict}.`;
  const [oursCpu, otherCpu] = [cpuPerDelivery(ours.steps), cpuPerDelivery(other.steps)];
  if (oursCpu && otherCpu) text += ` Server CPU per delivery, ${other.label} / ${ours.label}: ${(otherCpu / oursCpu).toFixed(2)}×.`;
  const worse = other.steps.filter((s) => {
    const mine = ours.steps.find((o) => o.targetRate === s.targetRate);
    return stepPasses(s) && mine && mine.latencyMs.p99 > s.latencyMs.p99;
  });
  text +=
    worse.length === 0
      ? ` Our p99 ≤ theirs at every rate they pass.`
      : ` Our p99 is above theirs at ${worse.map((s) => count(s.targetRate)).join(', ')} msg/s.`;
  return text;
}

function stepCells(s: FanoutStep | undefined): string[] {
  if (!s) return ['', '', '', '', '', '', ''];
  return [
    count(s.publishedRate),
    count(s.deliveriesPerSecond),
    ms(s.latencyMs.p50),
    ms(s.latencyMs.p95),
    `${ms(s.latencyMs.p99)}${stepPasses(s) ? '' : ' ✗'}`,
    ms(s.latencyMs.max),
    percent(s.missing, s.expected),
  ];
}

function ratesOf(systems: FanoutResult[]): number[] {
  return [...new Set(systems.flatMap((f) => f.steps.map((s) => s.targetRate)))].sort((x, y) => x - y);
}

function latencyTable(systems: FanoutResult[]): string {
  const cols = ['sent/s', 'deliv/s', 'p50', 'p95', 'p99', 'max', 'missing'];
  const head = ['rate (msg/s)', ...systems.flatMap((f) => cols.map((c, i) => (i === 0 ? `${short(f)} ${c}` : c)))];
  const rows = ratesOf(systems).map((rate) => [count(rate), ...systems.flatMap((f) => stepCells(f.steps.find((s) => s.targetRate === rate)))]);
  return table(head, rows);
}

function resourceTable(systems: FanoutResult[]): string {
  const head = [
    'rate (msg/s)',
    ...systems.flatMap((f) => [
      `${short(f)} nodes CPU (cores)`,
      'µs/delivery',
      'nodes RSS',
      'Redis CPU',
      'load gens CPU',
      'publisher CPU',
      'other processes CPU',
    ]),
  ];
  const rows = ratesOf(systems).map((rate) => [
    count(rate),
    ...systems.flatMap((f) => {
      const s = f.steps.find((x) => x.targetRate === rate);
      if (!s) return ['', '', '', '', '', '', ''];
      return [
        each(s.servers, (p) => cores(p.cpuCores)),
        ms(s.serverCpuUsPerDelivery),
        each(s.servers, (p) => bytes(p.rssBytes)),
        cores(s.redis?.cpuCores),
        each(s.loadGenerators, (p) => cores(p.cpuCores)),
        cores(s.publisher.cpuCores),
        cores(othersCpu(s)),
      ];
    }),
  ]);
  return table(head, rows);
}

function memoryTable(systems: FanoutResult[]): string {
  const rows = systems.flatMap((f) =>
    f.memory.map((m) => [
      f.label,
      m.name,
      count(m.connections),
      count(m.measured),
      bytes(m.rssBeforeBytes),
      bytes(m.rssAfterBytes),
      m.youngBeforeBytes === undefined ? '–' : `${bytes(m.youngBeforeBytes)} → ${bytes(m.youngAfterBytes)}`,
      bytes(m.bytesPerConnection),
    ]),
  );
  return table(['system', 'node', 'connections', 'measured', 'RSS after warm-up', 'RSS all connected, idle', 'V8 young generation', 'per connection'], rows, [
    'l',
    'l',
  ]);
}

function sendTable(report: BenchReport): string {
  const rows = report.sendPath.map((r) => [
    r.system === 'peer' ? `${r.store} (naive Socket.IO + pg peer)` : r.store,
    count(r.connections),
    count(r.ackedPerSecond),
    ms(r.ackMs.p50),
    ms(r.ackMs.p95),
    ms(r.ackMs.p99),
    ms(r.ackMs.max),
    count(r.errors),
    cores(r.gatewayCpuCores),
    bytes(r.gatewayRssBytes),
  ]);
  return table(['store', 'connections', 'acked/s', 'ack p50 (ms)', 'p95', 'p99', 'max', 'errors', 'gateway CPU (cores)', 'gateway RSS'], rows);
}

const COMMITS = {
  durable: 'PostgreSQL flushed its WAL at every commit (fsync, synchronous_commit and full_page_writes on, as deployed)',
  harness: "PostgreSQL ran with the test harness's fsync, synchronous_commit and full_page_writes off: commits were not durable",
} as const;

function commitsLine(report: BenchReport): string {
  const kinds = [...new Set(report.sendPath.map((r) => r.commits))];
  return `${kinds.map((k) => COMMITS[k]).join('; ')}.\n\n`;
}

/** The machine's busy CPU that none of this step's processes used: neighbours, i.e. noise. */
export const othersCpu = (s: FanoutStep) =>
  Math.max(0, s.machineCpuCores - [...s.servers, ...s.loadGenerators, s.publisher, ...(s.redis ? [s.redis] : [])].reduce((n, p) => n + p.cpuCores, 0));

const SHORT = { ours: 'ours', peer: 'Socket.IO', centrifugo: 'Centrifugo' } as const;
const short = (f: FanoutResult) => SHORT[f.system];

/** The report as Markdown: what docs/performance.md quotes. */
export function renderMarkdown(report: BenchReport, chartFile?: string): string {
  const m = report.machine;
  const o = report.options;
  const parts = [
    `# Benchmark, ${report.startedAt.slice(0, 10)}`,
    `${m.cpuModel}, ${m.cores} cores, ${bytes(m.memoryBytes)} RAM, ${m.os}; Node ${m.node}, Redis ${m.redis ?? '?'}; commit ${m.commit ?? '?'}${m.dirty ? ' (with uncommitted changes)' : ''}. ` +
      `Load average ${m.loadAverage} at the start${m.loadAverage > m.cores ? ' (**a busy machine: other work competed for the CPU, see "other processes CPU"**)' : ''}. ` +
      `Wall time ${Math.round(report.wallSeconds)} s.\n\n\`${report.command}\``,
  ];
  if (report.fanout.length > 0) {
    parts.push(
      `## Fan-out\n\n${count(o.clients)} clients in groups of ${o.groupSize} over ${o.nodes} nodes and ${o.redisCluster ? 'a Redis Cluster of three masters' : 'one Redis'}, from ${o.clientProcs} load-generator processes; ` +
        `${o.stepSeconds} s per rate step. A step passes when p99 < 100 ms and ≤ 0.1% of deliveries are missing (✗ marks a failed step).\n\n${summary(report)}`,
    );
    if (chartFile) parts.push(`![latency against publish rate](${chartFile})`);
    parts.push(`### Latency per step (ms, end to end: publish → every member's client)\n\n${latencyTable(report.fanout)}`);
    parts.push(`### Resources per step (over the publishing window; per node / per process)\n\n${resourceTable(report.fanout)}`);
    parts.push(
      `### Memory per idle connection\n\nPer connection = (RSS growth − the V8 young generation's growth) ÷ connections measured, both samples after a full GC: the young generation is sized by allocation rate, not by connections.\n\n${memoryTable(report.fanout)}`,
    );
    for (const f of report.fanout) if (f.stoppedEarly) parts.push(`${f.label}: ${f.stoppedEarly}.`);
  }
  if (report.sendPath.length > 0) parts.push(`## Send path (acknowledged sends, full path)\n\n${commitsLine(report)}${sendTable(report)}`);
  if (report.failures.length > 0) parts.push(`## Failures\n\n${report.failures.map((f) => `- ${f.scenario}: ${f.error.split('\n')[0]}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
