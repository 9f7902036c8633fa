import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

describe('Histogram', () => {
  it('reports quantiles within 1% of the exact values', () => {
    const h = new Histogram();
    const values = Array.from({ length: 10_000 }, (_, i) => (i + 1) / 10); // 0.1 … 1000 ms
    for (const v of values) h.record(v);
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      expect(h.quantile(q)).toBeGreaterThanOrEqual(exact);
      expect(h.quantile(q)).toBeLessThanOrEqual(exact * 1.011);
    }
    expect(h.quantile(1)).toBe(1000);
  });

  it('merges histograms from several processes exactly, through JSON', () => {
    const [a, b, all] = [new Histogram(), new Histogram(), new Histogram()];
    for (let i = 0; i < 500; i++) {
      a.record(i * 0.37);
      all.record(i * 0.37);
      b.record(50 + i * 3.1);
      all.record(50 + i * 3.1);
    }
    const merged = Histogram.from(JSON.parse(JSON.stringify(a))).merge(JSON.parse(JSON.stringify(b)));
    expect(merged.toJSON()).toEqual(all.toJSON());
    expect(merged.quantile(0.99)).toBe(all.quantile(0.99));
  });

  it('is empty (NaN) before any sample', () => {
    expect(new Histogram().quantile(0.5)).toBeNaN();
  });
});
