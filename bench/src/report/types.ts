import type { FanoutResult } from '../fanout/types.js';
import type { BenchOptions } from '../options.js';
import type { SendPathResult } from '../send-path/run.js';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  redis: string | undefined;
  commit: string | undefined;
  /** Uncommitted changes in the checkout when the run started. */
  dirty: boolean;
  /** 1-minute load average when the run started: above the core count, other work was running. */
  loadAverage: number;
}

/** Everything one `npm run bench` measured: written as JSON, rendered as Markdown and SVG. */
export interface BenchReport {
  startedAt: string;
  wallSeconds: number;
  command: string;
  machine: Machine;
  options: BenchOptions;
  /** Our gateway first, then the peer (whichever ran). */
  fanout: FanoutResult[];
  /** Our saturation throughput (deliveries/s) over the peer's; null unless both saturated somewhere. */
  ratio: number | null;
  /** The peer's server CPU per delivery over ours (median over passing steps); null unless both delivered. */
  cpuRatio: number | null;
  sendPath: SendPathResult[];
  /** Scenarios that failed, with the error; the others still report. */
  failures: { scenario: string; error: string }[];
}
