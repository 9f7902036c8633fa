import { setTimeout as sleep } from 'node:timers/promises';
import type { Child } from '../lib/children.js';
import { cpuCores, machineCores, round, sampleMachine, sampleProcess, type ProcSample } from '../lib/proc-stats.js';
import type { Progress } from '../lib/progress.js';
import { collectGarbage } from '../lib/collect-garbage.js';
import type { Target } from './client-proc.js';
import type { FanoutOptions } from './run.js';
import type { ConnectCpu, NodeMemory, ProcUse, SystemUnderTest } from './types.js';

/**
 * CPU and RSS of a set of processes over a window: sampled at the start (`start`, in `procs` order),
 * `end()` at the end.
 */
export function window(procs: { name: string; pid: number }[]): { start: ProcSample[]; end(): ProcUse[] } {
  const start = procs.map((p) => sampleProcess(p.pid));
  return {
    start,
    end: () =>
      procs.map((p, i) => {
        const now = sampleProcess(p.pid);
        return { name: p.name, cpuCores: round(cpuCores(start[i]!, now)), rssBytes: now.rssBytes };
      }),
  };
}

/**
 * Connects every client of `system` and measures memory per idle connection. A first tenth of the
 * clients warms each node up (lazily built dependencies, JIT, pools), and only the connections
 * added after that are counted: (RSS after settling − RSS after the warm-up − the young
 * generation's growth in between) / connections added, both samples taken right after a full
 * garbage collection. The young generation is left out because V8 sizes it by allocation rate, not
 * by what it holds: a connect burst grows it to its maximum and only the memory reducer, seconds
 * later, shrinks it, so counting it charged a system's connections with up to 15 MiB of empty
 * nursery depending on when its reducer last ran. Over those same connections it also
 * takes the servers' CPU per connect and how busy the machine was: connect time on two shared cores
 * is bounded by the whole machine, so the CPU a system spends per connect is the fairer figure.
 */
export async function connectAndMeasure(
  system: SystemUnderTest,
  clients: Child[],
  o: FanoutOptions,
  progress: Progress,
): Promise<{ connectSeconds: number; connectCpu: ConnectCpu; memory: NodeMemory[] }> {
  const warm = Math.max(system.servers.length, Math.floor(system.targets.length / 10));
  const connect = async (from: number, to: number) => {
    const slice = system.targets.slice(from, to);
    const shares = clients.map((_, p) => slice.filter((_, i) => i % clients.length === p).map((t) => t.target));
    const replies = await Promise.all(
      clients.map((c, p) => c.request<{ failed: number; firstError?: string }>({ cmd: 'connect', targets: shares[p] as Target[] }, 600_000)),
    );
    const failed = replies.reduce((n, c) => n + c.failed, 0);
    if (failed > 0)
      throw new Error(`${system.label}: ${failed} of ${slice.length} clients could not connect, e.g. ${replies.find((c) => c.firstError)?.firstError}`);
  };
  progress.show(`${system.label}: connecting ${system.targets.length} clients`);
  const started = performance.now();
  await connect(0, warm);
  await sleep(500);
  const pids = system.servers.map((s) => s.pid);
  const youngBefore = await collectGarbage(pids);
  const before = system.servers.map((s) => sampleProcess(s.pid).rssBytes);
  const [cpuFrom, machineFrom] = [system.servers.map((s) => sampleProcess(s.pid)), sampleMachine()];
  await connect(warm, system.targets.length);
  const [cpuTo, machineTo] = [system.servers.map((s) => sampleProcess(s.pid)), sampleMachine()];
  const connectCpu = {
    serverMsPerConnect: round(cpuTo.reduce((n, to, i) => n + to.cpuMs - cpuFrom[i]!.cpuMs, 0) / Math.max(1, system.targets.length - warm), 3),
    machineCores: round(machineCores(machineFrom, machineTo)),
  };
  const connectSeconds = round((performance.now() - started - 1000) / 1000, 1); // without the pause and GC
  progress.advance(5, `${system.label}: ${system.targets.length} clients connected in ${connectSeconds} s; settling`);
  await sleep(o.settleSeconds * 1000);
  const youngAfter = await collectGarbage(pids);
  progress.advance(o.settleSeconds, `${system.label}: settled`);
  system.check();
  const memory = system.servers.map((s, n) => {
    const added = system.targets.slice(warm).filter((t) => t.node === n).length;
    const connections = system.targets.filter((t) => t.node === n).length;
    const after = { rssBytes: sampleProcess(s.pid).rssBytes, youngBytes: youngAfter[n] };
    return nodeMemory(s.name, connections, added, { rssBytes: before[n]!, youngBytes: youngBefore[n] }, after);
  });
  return { connectSeconds, connectCpu, memory };
}

interface MemorySample {
  rssBytes: number;
  /** The V8 young generation's resident size, when the server reported it (collect-garbage.ts). */
  youngBytes: number | undefined;
}

/** One node's memory figures from its samples before and after `measured` connections were added. */
export function nodeMemory(name: string, connections: number, measured: number, before: MemorySample, after: MemorySample): NodeMemory {
  const young =
    before.youngBytes !== undefined && after.youngBytes !== undefined ? { youngBeforeBytes: before.youngBytes, youngAfterBytes: after.youngBytes } : undefined;
  const youngGrowth = young ? young.youngAfterBytes - young.youngBeforeBytes : 0;
  return {
    name,
    connections,
    measured,
    rssBeforeBytes: before.rssBytes,
    rssAfterBytes: after.rssBytes,
    ...young,
    bytesPerConnection: Math.round((after.rssBytes - before.rssBytes - youngGrowth) / Math.max(1, measured)),
  };
}
