import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../../scripts/lib/free-port.js';
import { answers200, spawnNode, waitUntilReady } from '../../scripts/lib/node-process.js';

export { killProcess, stopProcess } from '../../scripts/lib/node-process.js';

export interface RunningGateway {
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
  httpUrl: string;
  port: number;
  process: ChildProcess;
  output: () => string;
}

/**
 * Starts a standalone gateway process (`gateway/src/main.ts`, what runs on ECS) with only `env`
 * (plus PATH and HOME) and waits until its `/healthz` answers.
 */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const port = await freePort();
  const gateway = spawnNode('gateway/src/main.ts', {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(gateway, 'gateway', () => answers200(`${httpUrl}/healthz`));
  return { wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl, port, process: gateway.child, output: gateway.output };
}

/** Resident set size of a process in bytes (Linux, /proc/<pid>/status VmRSS). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** One sample of a Prometheus text exposition (`name{labels} value`); 0 when absent. */
export function metricValue(text: string, sample: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    if (line.slice(0, i) === sample) return Number(line.slice(i + 1));
  }
  return 0;
}

export async function fetchMetrics(httpUrl: string): Promise<string> {
  const res = await fetch(`${httpUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}
