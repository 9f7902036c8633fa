/**
 * A latency histogram with bounded relative error (~1%), so millions of samples cost a fixed few
 * kilobytes and histograms from several load-generator processes merge exactly. Values are in
 * milliseconds; bucket i holds values in [MIN·G^i, MIN·G^(i+1)).
 */
const G = 1.01;
const MIN_MS = 0.001; // 1 µs
const BUCKETS = Math.ceil(Math.log(600_000 / MIN_MS) / Math.log(G)); // up to 10 minutes
const LOG_G = Math.log(G);

export interface HistogramJson {
  /** [bucket index, count] for non-empty buckets. */
  buckets: [number, number][];
  count: number;
  max: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = ms > MIN_MS ? ms : MIN_MS;
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / LOG_G));
    this.counts[i]! += 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  /** The value at quantile q (0..1), as the upper edge of its bucket (never under-reports). */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, MIN_MS * G ** (i + 1));
    }
    return this.max;
  }

  merge(other: Histogram | HistogramJson): this {
    const json = other instanceof Histogram ? other.toJSON() : other;
    for (const [i, n] of json.buckets) this.counts[i]! += n;
    this.count += json.count;
    this.max = Math.max(this.max, json.max);
    return this;
  }

  toJSON(): HistogramJson {
    const buckets: [number, number][] = [];
    this.counts.forEach((n, i) => {
      if (n > 0) buckets.push([i, n]);
    });
    return { buckets, count: this.count, max: this.max };
  }

  static from(json: HistogramJson): Histogram {
    return new Histogram().merge(json);
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one host. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
