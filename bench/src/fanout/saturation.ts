import { MISSING_LIMIT, P99_LIMIT_MS, type FanoutStep, type Saturation } from './types.js';

/** Whether a step met the service level: p99 < 100 ms and ≤ 0.1% of deliveries missing. */
export function stepPasses(step: Pick<FanoutStep, 'latencyMs' | 'missing' | 'expected' | 'received'>): boolean {
  if (step.expected === 0 || step.received === 0) return false;
  return step.latencyMs.p99 < P99_LIMIT_MS && step.missing / step.expected <= MISSING_LIMIT;
}

/**
 * The saturation point: the highest target rate whose step passed. A pass above a failed step
 * still counts (a noisy moment can fail one step); the ladder stops after two failures in a row.
 */
export function saturation(steps: FanoutStep[]): Saturation | null {
  let best: FanoutStep | undefined;
  for (const s of steps) if (stepPasses(s) && (!best || s.targetRate > best.targetRate)) best = s;
  return best ? { rate: best.targetRate, publishedRate: best.publishedRate, deliveriesPerSecond: best.deliveriesPerSecond, p99Ms: best.latencyMs.p99 } : null;
}

/** True once the last `n` steps all failed: the ladder has nothing more to show. */
export function shouldStop(steps: FanoutStep[], n = 2): boolean {
  return steps.length >= n && steps.slice(-n).every((s) => !stepPasses(s));
}

/**
 * The servers' marginal CPU cost per delivery (µs): the slope of the nodes' CPU (cores) against
 * deliveries per second over the passing steps, least squares. The slope leaves out what the
 * nodes spend anyway (timers, heartbeats of idle connections), which dominates the CPU of the
 * lowest rates. With fewer than two passing steps: the per-step figure of the best one there is.
 */
export function cpuPerDelivery(steps: FanoutStep[]): number | null {
  const points = steps.filter(stepPasses).map((s) => ({ x: s.deliveriesPerSecond, y: s.servers.reduce((n, p) => n + p.cpuCores, 0) }));
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  if (n >= 2 && sxx > 0) {
    const slope = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
    if (slope > 0) return Math.round(slope * 1e7) / 10;
  }
  const best = saturation(steps) ? steps.find((s) => s.targetRate === saturation(steps)!.rate) : steps.find((s) => s.received > 0);
  return best && Number.isFinite(best.serverCpuUsPerDelivery) ? best.serverCpuUsPerDelivery : null;
}
