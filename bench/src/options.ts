import { parseArgs } from 'node:util';

export type Scenario = 'fanout' | 'peer' | 'centrifugo' | 'send';
export type Store = 'postgres' | 'mongo';

export interface BenchOptions {
  clients: number;
  groupSize: number;
  nodes: number;
  clientProcs: number;
  rates: number[];
  stepSeconds: number;
  drainSeconds: number;
  settleSeconds: number;
  scenarios: Scenario[];
  stores: Store[];
  sendSeconds: number;
  sendConnections: number;
  sendGroupSize: number;
  /** How the send path's PostgreSQL commits: as deployed (default) or as the test harness runs it. */
  sendCommits: 'durable' | 'harness';
  /** GOMAXPROCS of each Centrifugo node; null = Go's default (every core). */
  centrifugoGomaxprocs: number | null;
  out: string;
  cpuProf: boolean;
  /** Fan-out on the harness's three-master Redis Cluster (REDIS_CLUSTER_URL) instead of one Redis. */
  redisCluster: boolean;
}

/** A geometric ladder (×≈1.2–1.4) wide enough to saturate each system on a 2-core machine (ours passed 7,000 on 2026-12-04). */
export const DEFAULT_RATES = [100, 200, 300, 450, 650, 900, 1250, 1500, 1750, 2100, 2500, 3000, 3500, 4200, 5000, 6000, 7000, 8500, 10000, 12000];

export const HELP = `npm run bench -- [flags]

Fan-out (our gateway, Socket.IO + @socket.io/redis-adapter and Centrifugo on the same workload,
their steps interleaved) and the send path (once per message store). Writes bench/results/<date>.json, .md and .svg.

  --clients N           WebSocket clients (default 2000)
  --group-size K        members per group; group g = users [g·K, g·K+K) (default 20)
  --nodes N             server nodes per system; user i connects to node i % N (default 2)
  --client-procs N      load-generator processes holding the clients (default 2)
  --rates A,B,…         publish rates in messages/s, one step each (default ${DEFAULT_RATES.join(',')})
  --step-seconds S      length of each rate step (default 4)
  --drain-seconds S     longest wait for a step's last deliveries; it ends once all arrived or
                        none came for 1 s (default 10)
  --settle-seconds S    wait after connecting before the idle-memory sample (default 3)
  --scenarios LIST      any of fanout,peer,centrifugo,send (default all four); centrifugo is
                        built from the Go module proxy on first use (scripts/centrifugo/build.sh)
  --centrifugo-gomaxprocs N
                        GOMAXPROCS per Centrifugo node, so each system's node has one core
                        (default 1; 0 = Go's default, every core)
  --stores LIST         send path stores: postgres,mongo (default both)
  --send-seconds S      send path: measured seconds per store (default 10)
  --send-connections N  send path: sending connections (default 100)
  --send-group-size K   send path: members per group (default 5)
  --send-commits C      send path: PostgreSQL commits durable (fsync and synchronous_commit on,
                        as deployed; default) or harness (the test harness's fast settings)
  --out DIR             where results go (default bench/results)
  --cpu-prof            run the server nodes with --cpu-prof into <out>/profiles/
  --redis-cluster       fan-out on the harness's Redis Cluster of three masters (REDIS_CLUSTER_URL):
                        our nodes and publisher on ioredis Cluster, Socket.IO on its sharded adapter
                        (fanout and peer only; the send path keeps the one Redis)
  --help                this text

A step passes when p99 < 100 ms and ≤ 0.1% of deliveries are missing; a system's ladder stops
after two failed steps in a row. Saturation = the highest passing rate.`;

const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${text}"`);
  return n;
};

const list = <T extends string>(name: string, text: string, allowed: readonly T[]): T[] => {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s as T));
  if (bad.length > 0 || items.length === 0) throw new Error(`--${name}: use any of ${allowed.join(',')}, not "${text}"`);
  return items as T[];
};

/** `text` if it is one of `allowed`, else a readable error naming the flag. */
export const oneOf = <T extends string>(name: string, text: string, allowed: readonly T[]): T => {
  if (!allowed.includes(text as T)) throw new Error(`--${name}: use one of ${allowed.join(', ')}, not "${text}"`);
  return text as T;
};

/** Parses argv; returns undefined after printing the help. Throws with a readable message on a bad flag. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string', default: '2000' },
      'group-size': { type: 'string', default: '20' },
      nodes: { type: 'string', default: '2' },
      'client-procs': { type: 'string', default: '2' },
      rates: { type: 'string', default: DEFAULT_RATES.join(',') },
      'step-seconds': { type: 'string', default: '4' },
      'drain-seconds': { type: 'string', default: '10' },
      'settle-seconds': { type: 'string', default: '3' },
      scenarios: { type: 'string', default: 'fanout,peer,centrifugo,send' },
      'centrifugo-gomaxprocs': { type: 'string', default: '1' },
      stores: { type: 'string', default: 'postgres,mongo' },
      'send-seconds': { type: 'string', default: '10' },
      'send-connections': { type: 'string', default: '100' },
      'send-group-size': { type: 'string', default: '5' },
      'send-commits': { type: 'string', default: 'durable' },
      out: { type: 'string', default: 'bench/results' },
      'cpu-prof': { type: 'boolean', default: false },
      'redis-cluster': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return undefined;
  }
  const int = (name: keyof typeof values) => Math.round(positive(name, String(values[name])));
  const options: BenchOptions = {
    clients: int('clients'),
    groupSize: int('group-size'),
    nodes: int('nodes'),
    clientProcs: int('client-procs'),
    rates: values.rates
      .split(',')
      .map((r) => positive('rates', r.trim()))
      .sort((a, b) => a - b),
    stepSeconds: positive('step-seconds', values['step-seconds']),
    drainSeconds: positive('drain-seconds', values['drain-seconds']),
    settleSeconds: positive('settle-seconds', values['settle-seconds']),
    scenarios: list('scenarios', values.scenarios, ['fanout', 'peer', 'centrifugo', 'send'] as const),
    stores: list('stores', values.stores, ['postgres', 'mongo'] as const),
    sendSeconds: positive('send-seconds', values['send-seconds']),
    sendConnections: int('send-connections'),
    sendGroupSize: int('send-group-size'),
    sendCommits: oneOf('send-commits', values['send-commits'], ['durable', 'harness'] as const),
    centrifugoGomaxprocs: values['centrifugo-gomaxprocs'] === '0' ? null : int('centrifugo-gomaxprocs'),
    out: values.out,
    cpuProf: values['cpu-prof'],
    redisCluster: values['redis-cluster'],
  };
  // Centrifugo's Redis engine can use a cluster too, but the bench does not configure it for one.
  if (options.redisCluster && options.scenarios.includes('centrifugo'))
    throw new Error('--redis-cluster: centrifugo runs on one Redis only; use --scenarios fanout,peer');
  if (options.groupSize > options.clients) throw new Error('--group-size cannot exceed --clients');
  return options;
}
