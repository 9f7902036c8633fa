import type { SystemId, FanoutResult, FanoutStep } from '../fanout/types.js';
import type { SendPathResult } from '../send-path/run.js';
import type { BenchReport } from './types.js';

/** Small hand-made results for the report and saturation tests. */
export function step(targetRate: number, p99: number, missing = 0, groupSize = 20): FanoutStep {
  const published = targetRate * 4;
  const expected = published * groupSize;
  return {
    step: targetRate,
    targetRate,
    publishedRate: targetRate,
    published,
    expected,
    received: expected - missing,
    missing,
    deliveriesPerSecond: (expected - missing) / 4,
    serverCpuUsPerDelivery: 20,
    latencyMs: { p50: p99 / 5, p95: p99 / 2, p99, max: p99 * 1.5 },
    servers: [
      { name: 'node-0', cpuCores: 0.25, rssBytes: 100 * 2 ** 20 },
      { name: 'node-1', cpuCores: 0.3, rssBytes: 101 * 2 ** 20 },
    ],
    redis: { name: 'redis', cpuCores: 0.05, rssBytes: 8 * 2 ** 20 },
    loadGenerators: [{ name: 'clients-0', cpuCores: 0.2, rssBytes: 60 * 2 ** 20 }],
    publisher: { name: 'publisher', cpuCores: 0.1, rssBytes: 70 * 2 ** 20 },
    machineCpuCores: 1,
    publishErrors: 0,
    closes: {},
  };
}

const LABELS = { ours: 'fc-chat gateway', peer: 'Socket.IO + redis-adapter', centrifugo: 'Centrifugo (Redis engine, GOMAXPROCS=1)' } as const;

export function fanoutResult(system: SystemId, steps: FanoutStep[], saturation: FanoutResult['saturation']): FanoutResult {
  return {
    system,
    label: LABELS[system],
    clients: 2000,
    groupSize: 20,
    nodes: 2,
    connectSeconds: 4.2,
    connectCpu: { serverMsPerConnect: 1.2, machineCores: 1.9 },
    memory: [
      {
        name: 'node-0',
        connections: 1000,
        measured: 900,
        rssBeforeBytes: 90 * 2 ** 20,
        rssAfterBytes: 90 * 2 ** 20 + 900 * 20_480 + 2 * 2 ** 20,
        youngBeforeBytes: 14 * 2 ** 20,
        youngAfterBytes: 16 * 2 ** 20,
        bytesPerConnection: 20_480,
      },
      {
        name: 'node-1',
        connections: 1000,
        measured: 900,
        rssBeforeBytes: 91 * 2 ** 20,
        rssAfterBytes: 91 * 2 ** 20 + 900 * 10_240,
        bytesPerConnection: 10_240,
      },
    ],
    steps,
    saturation,
  };
}

export function report(fanout: FanoutResult[], ratio: number | null, cpuRatio: number | null = null): BenchReport {
  return {
    startedAt: '2026-01-02T03:04:05.000Z',
    wallSeconds: 250,
    command: 'npm run bench',
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 8 * 2 ** 30,
      os: 'Linux test x64',
      node: 'v20.0.0',
      redis: '7.0.0',
      commit: 'abc123',
      dirty: false,
      loadAverage: 0.5,
    },
    options: {
      clients: 2000,
      groupSize: 20,
      nodes: 2,
      clientProcs: 2,
      rates: [100, 200, 400],
      stepSeconds: 4,
      drainSeconds: 2,
      settleSeconds: 3,
      scenarios: ['fanout', 'peer', 'send'],
      centrifugoGomaxprocs: 1,
      stores: ['postgres'],
      sendSeconds: 10,
      sendConnections: 100,
      sendGroupSize: 5,
      sendCommits: 'durable',
      out: 'bench/results',
      cpuProf: false,
      redisCluster: false,
    },
    fanout,
    ratio,
    cpuRatio,
    sendPath: [
      {
        store: 'postgres',
        commits: 'durable',
        seconds: 10,
        connections: 100,
        acked: 5000,
        errors: 0,
        ackedPerSecond: 500,
        ackMs: { p50: 8, p95: 20, p99: 35.5, max: 80 },
        gatewayCpuCores: 0.9,
        gatewayRssBytes: 150 * 2 ** 20,
      } satisfies Partial<SendPathResult> as unknown as SendPathResult, // what the report shows; the rest may change
    ],
    failures: [],
  };
}
