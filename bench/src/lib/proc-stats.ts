import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of one process, read from /proc (Linux, like the ECS nodes). */
export interface ProcSample {
  at: number;
  cpuMs: number;
  rssBytes: number;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function sampleProcess(pid: number): ProcSample {
  // Field 2 (comm) may contain spaces, so split after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: performance.now(), cpuMs: (ticks * 1000) / ticksPerSecond, rssBytes: rssKb * 1024 };
}

/** CPU use between two samples, in cores (1.0 = one core busy the whole time). */
export const cpuCores = (from: ProcSample, to: ProcSample): number => (to.cpuMs - from.cpuMs) / Math.max(1, to.at - from.at);
