import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './metrics.js';

describe('GatewayMetrics', () => {
  it('observes publish-to-deliver latency from the creation time and renders a cumulative histogram', () => {
    const metrics = new GatewayMetrics(() => 10_000);
    metrics.delivered(9_997); // 3 ms
    metrics.delivered(9_700); // 300 ms
    metrics.delivered(10_500); // a clock ahead of ours counts as 0, never negative
    const text = metrics.render();
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_count 3$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_sum 0\.303$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_bucket\{le="0\.005"\} 2$/m);
    expect(text).toMatch(/^chat_gateway_publish_latency_seconds_bucket\{le="\+Inf"\} 3$/m);
  });

  it('ignores a creation time that did not parse', () => {
    const metrics = new GatewayMetrics(() => 10_000);
    metrics.delivered(Number.NaN);
    expect(metrics.render()).toMatch(/^chat_gateway_publish_latency_seconds_count 0$/m);
  });
});
