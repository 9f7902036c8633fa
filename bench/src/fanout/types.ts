import type { Target } from './client-proc.js';
import type { PublisherGroup } from './publisher-proc.js';

export type SystemId = 'ours' | 'peer' | 'centrifugo';

/** A system under the fan-out workload: our gateway nodes, the Socket.IO peer or Centrifugo. */
export interface SystemUnderTest {
  id: SystemId;
  label: string;
  servers: { name: string; pid: number }[];
  /** One per client (user index), and the server node each one connects to. */
  targets: { target: Target; node: number }[];
  groups: PublisherGroup[];
  /** Where the publisher sends, for a system published to through its server API (Centrifugo). */
  api?: { urls: string[]; key: string };
  /** Throws if a server died. */
  check(): void;
  stop(): Promise<void>;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ProcUse {
  name: string;
  cpuCores: number;
  rssBytes: number;
}

export interface FanoutStep {
  step: number;
  targetRate: number;
  /** Messages per second the publisher achieved (below the target when it could not keep up). */
  publishedRate: number;
  published: number;
  /** published × group size: every member, the sender's own connection included, gets each message. */
  expected: number;
  received: number;
  missing: number;
  deliveriesPerSecond: number;
  /**
   * CPU time all server nodes spent per delivery (µs), over the step and its drain. Unlike
   * latency and saturation it barely moves when a neighbour takes the CPU: the fairest figure on
   * a noisy machine.
   */
  serverCpuUsPerDelivery: number;
  latencyMs: Latency;
  servers: ProcUse[];
  redis: ProcUse | null;
  /** Every load-generator process; one near 1.0 core means the clients, not the servers, limit. */
  loadGenerators: ProcUse[];
  publisher: ProcUse;
  /** The whole machine's busy CPU: what is not ours above is a neighbour's (noise). */
  machineCpuCores: number;
  publishErrors: number;
  /** Connections the servers closed during the step, by close code. */
  closes: Record<string, number>;
}

export interface NodeMemory {
  name: string;
  connections: number;
  /** Connections opened between the two RSS samples (all but the warm-up ones). */
  measured: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** V8's young generation (resident) at the two samples; absent for a server without V8 (Centrifugo). */
  youngBeforeBytes?: number;
  youngAfterBytes?: number;
  /** (RSS growth − young-generation growth) / measured, see fanout/measure.ts. */
  bytesPerConnection: number;
}

/** The connects after the warm-up: the servers' CPU (all nodes) per connect, and the machine's busy cores meanwhile. */
export interface ConnectCpu {
  serverMsPerConnect: number;
  machineCores: number;
}

export interface FanoutResult {
  system: SystemId;
  label: string;
  clients: number;
  groupSize: number;
  nodes: number;
  connectSeconds: number;
  /** Absent in results written before 2026-12-04. */
  connectCpu?: ConnectCpu;
  memory: NodeMemory[];
  steps: FanoutStep[];
  saturation: Saturation | null;
  /** Why the ladder ended before its last rate, if it did. */
  stoppedEarly?: string;
}

export interface Saturation {
  rate: number;
  publishedRate: number;
  deliveriesPerSecond: number;
  p99Ms: number;
}

/** What makes a step pass: p99 under this, and no more than this share of deliveries missing. */
export const P99_LIMIT_MS = 100;
export const MISSING_LIMIT = 0.001;
