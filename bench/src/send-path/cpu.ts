import { readdirSync, readFileSync } from 'node:fs';
import { readStat, round, sampleMachine, ticksPerSecond } from '../lib/proc-stats.js';

/**
 * Where the CPU went during the measured window: the whole machine (from /proc/stat) and each
 * backing service (PostgreSQL with all its backends, FerretDB, Redis, RabbitMQ). On a 2-core box the
 * gateway, the load generator and the databases compete for the same cores, so "what saturates"
 * is only answerable with all of them side by side.
 */
export interface CpuSnapshot {
  at: number;
  machineBusyMs: number;
  /** Service name → CPU ms of its process tree. */
  services: Record<string, number>;
}

const TICK_MS = 1000 / ticksPerSecond;

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { comm, fields } = readStat(name);
      // Children that exited are in cutime/cstime (fields 16–17), e.g. PostgreSQL backends that closed.
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      procs.push({ pid: Number(name), ppid: Number(fields[1]), comm, ticks });
    } catch {
      // The process exited between readdir and read.
    }
  }
  return procs;
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** Service roots: processes whose command line names one of `markers` (the services dir, a port). */
export function findServiceRoots(markers: string[]): Map<number, string> {
  const roots = new Map<number, string>();
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  for (const p of procs) {
    if (!/^(postgres|ferretdb|redis-server|beam\.smp)/.test(p.comm)) continue;
    // Only the top of a tree: PostgreSQL backends are counted through their postmaster.
    if (byPid.get(p.ppid)?.comm === p.comm) continue;
    const line = cmdline(p.pid);
    if (markers.some((m) => line.includes(m))) roots.set(p.pid, p.comm.replace(/-.*$/, '').replace('beam.smp', 'rabbitmq'));
  }
  return roots;
}

export function snapshot(roots: Map<number, string>): CpuSnapshot {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const services: Record<string, number> = {};
  for (const [pid, name] of roots) {
    const root = procs.find((p) => p.pid === pid);
    let ticks = 0;
    for (const stack = root ? [root] : []; stack.length > 0; ) {
      const p = stack.pop()!;
      ticks += p.ticks;
      stack.push(...(children.get(p.pid) ?? []));
    }
    services[name] = (services[name] ?? 0) + ticks * TICK_MS;
  }
  return { at: performance.now(), machineBusyMs: sampleMachine().busyMs, services };
}

/** Cores used between two snapshots, per service and for the whole machine. */
export function coresBetween(from: CpuSnapshot, to: CpuSnapshot): { machine: number; services: Record<string, number> } {
  const ms = Math.max(1, to.at - from.at);
  const services = Object.fromEntries(Object.entries(to.services).map(([k, v]) => [k, round((v - (from.services[k] ?? 0)) / ms)]));
  return { machine: round((to.machineBusyMs - from.machineBusyMs) / ms), services };
}
