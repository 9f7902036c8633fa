import { describe, expect, it } from 'vitest';
import { step } from '../report/fixtures.js';
import { cpuPerDelivery, saturation, shouldStop, stepPasses } from './saturation.js';

describe('stepPasses', () => {
  it('needs p99 under 100 ms and at most 0.1% missing', () => {
    expect(stepPasses(step(100, 99.9))).toBe(true);
    expect(stepPasses(step(100, 100))).toBe(false);
    // 100 msg/s × 4 s × 20 members = 8,000 deliveries: 8 missing is 0.1%, 9 is more.
    expect(stepPasses(step(100, 10, 8))).toBe(true);
    expect(stepPasses(step(100, 10, 9))).toBe(false);
  });

  it('fails a step that delivered nothing (no latency to judge)', () => {
    expect(stepPasses({ ...step(100, NaN), received: 0, missing: 8000 })).toBe(false);
  });
});

describe('saturation', () => {
  it('is the highest passing rate, even above a failed step', () => {
    const steps = [step(100, 5), step(200, 8), step(400, 120), step(800, 60), step(1600, 300), step(3200, 900)];
    expect(saturation(steps)).toEqual({ rate: 800, publishedRate: 800, deliveriesPerSecond: 800 * 20, p99Ms: 60 });
  });

  it('is null when no step passed', () => {
    expect(saturation([step(100, 150), step(200, 300)])).toBeNull();
    expect(saturation([])).toBeNull();
  });

  it('counts a step with too many missing deliveries as failed', () => {
    expect(saturation([step(100, 5), step(200, 5, 1000)])?.rate).toBe(100);
  });
});

describe('shouldStop', () => {
  it('stops after two failed steps in a row, not after one', () => {
    expect(shouldStop([step(100, 5), step(200, 150)])).toBe(false);
    expect(shouldStop([step(100, 5), step(200, 150), step(400, 50)])).toBe(false);
    expect(shouldStop([step(100, 5), step(200, 150), step(400, 250)])).toBe(true);
  });
});

describe('cpuPerDelivery', () => {
  // Nodes spending 0.1 cores idle plus 20 µs per delivery.
  const at = (rate: number, p99: number, perDeliveryUs = 20) => {
    const s = step(rate, p99);
    const cores = 0.1 + (s.deliveriesPerSecond * perDeliveryUs) / 1e6;
    return {
      ...s,
      servers: [
        { name: 'n0', cpuCores: cores / 2, rssBytes: 0 },
        { name: 'n1', cpuCores: cores / 2, rssBytes: 0 },
      ],
      serverCpuUsPerDelivery: (cores * 1e6) / s.deliveriesPerSecond,
    };
  };

  it('is the slope of CPU against deliveries over passing steps, without the idle cost', () => {
    expect(cpuPerDelivery([at(100, 5), at(200, 5), at(400, 5), at(800, 500, 90)])).toBeCloseTo(20, 5);
  });

  it('falls back to the saturation step’s own figure, then to any step that delivered', () => {
    const one = [at(100, 5), at(200, 500)];
    expect(cpuPerDelivery(one)).toBeCloseTo(one[0]!.serverCpuUsPerDelivery, 5);
    const none = [at(100, 500), at(200, 500)];
    expect(cpuPerDelivery(none)).toBeCloseTo(none[0]!.serverCpuUsPerDelivery, 5);
    expect(cpuPerDelivery([])).toBeNull();
  });
});
