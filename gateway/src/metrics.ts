import type { IncomingMessage, ServerResponse } from 'node:http';

// Publish-to-deliver latency buckets (seconds): most deliveries take milliseconds; the tail shows
// gap fetches (≥ gapWaitMs) and overloaded nodes.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  /** Per bucket, not cumulative: one increment per observation (one per delivered frame), summed on render. */
  private readonly counts = BUCKETS.map(() => 0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    if (i < BUCKETS.length) this.counts[i]!++;
  }

  /** Prometheus buckets count every observation at or below their bound. */
  cumulative(): number[] {
    let total = 0;
    return this.counts.map((n) => (total += n));
  }
}

/** The node's counters, rendered in the Prometheus text format (version 0.0.4). */
export class GatewayMetrics {
  connections = 0;
  slowConsumerCloses = 0;
  draining = false;
  /** Whether the realtime bus reaches its server (set by the node from `RealtimeBus.connected`). */
  busConnected: () => boolean = () => true;
  private readonly framesIn = new Map<string, number>();
  private readonly framesOut = new Map<string, number>();
  private readonly latency = new Histogram();

  constructor(private readonly now: () => number = Date.now) {}

  frameIn(type: string): void {
    this.framesIn.set(type, (this.framesIn.get(type) ?? 0) + 1);
  }

  frameOut(type: string): void {
    this.framesOut.set(type, (this.framesOut.get(type) ?? 0) + 1);
  }

  /** A live message reached a client: `createdAtMs` is when the chat service created it (epoch ms). */
  delivered(createdAtMs: number): void {
    const ms = this.now() - createdAtMs;
    if (Number.isFinite(ms)) this.latency.observe(Math.max(0, ms) / 1000);
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: string[]) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    metric('chat_gateway_connections', 'gauge', 'Open client connections.', [`chat_gateway_connections ${this.connections}`]);
    metric('chat_gateway_draining', 'gauge', '1 while the node drains.', [`chat_gateway_draining ${this.draining ? 1 : 0}`]);
    metric('chat_gateway_bus_connected', 'gauge', '1 while the realtime bus reaches its server.', [
      `chat_gateway_bus_connected ${this.busConnected() ? 1 : 0}`,
    ]);
    metric('chat_gateway_messages_in_total', 'counter', 'Frames received from clients, by type.', byType('chat_gateway_messages_in_total', this.framesIn));
    metric('chat_gateway_messages_out_total', 'counter', 'Frames sent to clients, by type.', byType('chat_gateway_messages_out_total', this.framesOut));
    metric('chat_gateway_slow_consumer_closes_total', 'counter', 'Connections closed because the client did not read fast enough.', [
      `chat_gateway_slow_consumer_closes_total ${this.slowConsumerCloses}`,
    ]);
    const h = this.latency;
    const buckets = h.cumulative();
    const name = 'chat_gateway_publish_latency_seconds';
    metric(name, 'histogram', 'From message creation to delivery on a client socket.', [
      ...BUCKETS.map((le, i) => `${name}_bucket{le="${le}"} ${buckets[i]}`),
      `${name}_bucket{le="+Inf"} ${h.count}`,
      `${name}_sum ${h.sum}`,
      `${name}_count ${h.count}`,
    ]);
    return `${lines.join('\n')}\n`;
  }
}

function byType(name: string, counts: Map<string, number>): string[] {
  if (counts.size === 0) return [`${name} 0`];
  return [...counts].map(([type, n]) => `${name}{type="${type}"} ${n}`);
}

/**
 * `GET /healthz` and `GET /metrics`; anything else is 404. Health is 503 while draining, and while
 * the bus has lost Redis (`degraded`): the node's clients get no live messages then, and an
 * operator or load balancer should see it. It turns 200 again by itself once the bus reconnects.
 */
export function serveHttp(req: IncomingMessage, res: ServerResponse, metrics: GatewayMetrics): void {
  const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
  if (req.method === 'GET' && path === '/healthz') {
    const bus = metrics.busConnected() ? 'connected' : 'disconnected';
    const status = metrics.draining ? 'draining' : bus === 'connected' ? 'ok' : 'degraded';
    res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status, bus, connections: metrics.connections }));
  } else if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics.render());
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'route_not_found', message: 'Not found', details: [] } }));
  }
}
