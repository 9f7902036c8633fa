import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of one process, read from /proc (Linux, like the ECS nodes). */
export interface ProcSample {
  at: number;
  cpuMs: number;
  rssBytes: number;
}

/** Kernel clock ticks per second (CLK_TCK), the unit of /proc CPU times. */
export const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * `/proc/<pid>/stat`: the command name and the fields after it, so `fields[0]` is field 3 (state)
 * of proc(5) and field N is `fields[N - 3]`.
 */
export function readStat(pid: number | string): { comm: string; fields: string[] } {
  // Field 2 (comm) may contain spaces and parentheses: it ends at the last closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
}

export function sampleProcess(pid: number): ProcSample {
  const { fields } = readStat(pid);
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: performance.now(), cpuMs: (ticks * 1000) / ticksPerSecond, rssBytes: rssKb * 1024 };
}

/** CPU use between two samples, in cores (1.0 = one core busy the whole time). */
export const cpuCores = (from: ProcSample, to: ProcSample): number => (to.cpuMs - from.cpuMs) / Math.max(1, to.at - from.at);

/** CPU time the whole machine spent busy (all processes, ours or not), from /proc/stat. */
export function sampleMachine(): { at: number; busyMs: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are the only not-busy ones.
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const busy = total - fields[3]! - fields[4]!;
  return { at: performance.now(), busyMs: (busy * 1000) / ticksPerSecond };
}

export const machineCores = (from: { at: number; busyMs: number }, to: { at: number; busyMs: number }): number =>
  (to.busyMs - from.busyMs) / Math.max(1, to.at - from.at);

/** Rounds to `digits` decimals, for reports. */
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
