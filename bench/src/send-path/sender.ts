/**
 * Send-path load generator, run as a child process (children.ts) so the load never shares an event
 * loop with the gateway it measures. Each connection is a closed loop: send one `message.send`, wait
 * for its `ack` (or `error`), then send the next, but never sooner than `minIntervalMs` after the
 * previous send. That floor keeps every connection under the gateway's per-connection limit (the
 * bench raises it, run.ts), so the limiter never answers for the store; load is raised by adding
 * connections or shortening the floor.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { serveRequests } from '../lib/children.js';
import { Histogram, nowMs } from '../lib/histogram.js';
import { SocketIoLink, type SendLink } from '../send-peer/link.js';

export interface SenderClient {
  url: string;
  token: string;
  /** The user's conversations; the loop sends to them round-robin. */
  conversationIds: string[];
  /** Set: the server is the Socket.IO send peer (bench/src/send-peer), which takes this user id. */
  peerUserId?: string;
}

export interface SenderReport {
  /** Acks and errors whose reply arrived inside the measured window. */
  histogram: ReturnType<Histogram['toJSON']>;
  acked: number;
  errors: Record<string, number>;
  /** Over the whole run (warm-up, window and the drain of in-flight sends): what the store must hold. */
  totalAcked: number;
  totalErrors: number;
  /** `message.new` frames received (the fan-out of the sends to the connected members). */
  delivered: number;
  windowMs: number;
}

const SEND_TIMEOUT_MS = 30_000;

/** One WebSocket with at most one send in flight (the loop awaits each reply). */
class Link implements SendLink {
  private waiting: { ref: string; done: (reply: { ok: true } | { ok: false; code: string }) => void } | undefined;
  closed: string | undefined;
  delivered = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onFrame(String(data)));
    ws.on('close', (code) => {
      this.closed = `closed_${code}`;
      this.waiting?.done({ ok: false, code: this.closed });
    });
  }

  static open(client: SenderClient): Promise<Link> {
    // The token travels as a subprotocol entry (docs/websocket.md), as browsers do it.
    const ws = new WebSocket(client.url, ['chat.v1', `bearer.${client.token}`], { perMessageDeflate: false });
    const link = new Link(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready from ${client.url} in 30 s`)), 30_000);
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`closed with ${code} before ready`)));
      const onReady = (data: WebSocket.RawData) => {
        if (!String(data).startsWith('{"type":"ready"')) return;
        clearTimeout(timer);
        ws.off('message', onReady);
        resolve(link);
      };
      ws.on('message', onReady);
    });
  }

  send(frame: { ref: string } & Record<string, unknown>): Promise<{ ok: true } | { ok: false; code: string }> {
    if (this.closed) return Promise.resolve({ ok: false, code: this.closed });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.waiting?.done({ ok: false, code: 'timeout' }), SEND_TIMEOUT_MS);
      this.waiting = { ref: frame.ref, done: (reply) => (clearTimeout(timer), (this.waiting = undefined), resolve(reply)) };
      this.ws.send(JSON.stringify({ type: 'message.send', ...frame }));
    });
  }

  close(): void {
    this.ws.close(1000);
  }

  private onFrame(text: string): void {
    // Members receive every message of their groups: count those without parsing them, so the load
    // generator's CPU goes to the loop being measured.
    if (text.startsWith('{"type":"message.new"')) return void this.delivered++;
    const frame = JSON.parse(text) as { type: string; ref?: string; error?: { code: string } };
    if (!this.waiting || frame.ref !== this.waiting.ref) return;
    if (frame.type === 'ack') this.waiting.done({ ok: true });
    else if (frame.type === 'error') this.waiting.done({ ok: false, code: frame.error?.code ?? 'unknown' });
  }
}

let links: SendLink[] = [];
const open = (c: SenderClient): Promise<SendLink> =>
  c.peerUserId ? SocketIoLink.open(c.url, { userId: c.peerUserId, conversationId: c.conversationIds[0]! }) : Link.open(c);
let clients: SenderClient[] = [];
let minIntervalMs = 25;

/** Loops from `startAt` (wall clock, shared with the orchestrator) for the warm-up and the window. */
async function run(startAt: number, warmupMs: number, measureMs: number): Promise<SenderReport> {
  const histogram = new Histogram();
  const errors: Record<string, number> = {};
  const totals = { acked: 0, errors: 0, ackedInWindow: 0 };
  const [from, to] = [startAt + warmupMs, startAt + warmupMs + measureMs];
  await sleep(Math.max(0, startAt - nowMs()));
  const tag = Math.random().toString(36).slice(2, 8);

  const loop = async (i: number) => {
    const { conversationIds } = clients[i]!;
    // Start the loops spread over one interval, so they do not march in lock-step.
    await sleep(Math.random() * minIntervalMs);
    for (let k = 0; nowMs() < to && !links[i]!.closed; k++) {
      const sentAt = nowMs();
      const ref = `${i}.${k}`;
      const reply = await links[i]!.send({
        ref,
        conversationId: conversationIds[k % conversationIds.length]!,
        clientMsgId: `${tag}.${ref}`,
        text: `bench message ${ref}`,
      });
      const at = nowMs();
      if (reply.ok) totals.acked++;
      else totals.errors++;
      if (at >= from && at < to) {
        if (reply.ok) {
          histogram.record(at - sentAt);
          totals.ackedInWindow++;
        } else errors[reply.code] = (errors[reply.code] ?? 0) + 1;
      }
      const wait = sentAt + minIntervalMs - nowMs();
      if (wait > 0) await sleep(wait);
    }
  };
  // Loops stop sending at `to` but finish the send in flight, so every ack is counted in the totals.
  await Promise.all(links.map((_, i) => loop(i)));
  // The last acks' own fan-out may still be on its way (the ack no longer waits for the job relay,
  // which used to give it time): count deliveries until none came for 200 ms, at most 5 s.
  const deliveredNow = () => links.reduce((n, l) => n + l.delivered, 0);
  for (let seen = -1, waited = 0; deliveredNow() !== seen && waited < 5_000; waited += 200) {
    seen = deliveredNow();
    await sleep(200);
  }
  return {
    histogram: histogram.toJSON(),
    acked: totals.ackedInWindow,
    errors,
    totalAcked: totals.acked,
    totalErrors: totals.errors,
    delivered: deliveredNow(),
    windowMs: measureMs,
  };
}

serveRequests({ pid: process.pid }, async (m) => {
  switch (m.type) {
    case 'connect': {
      clients = m.clients as SenderClient[];
      minIntervalMs = Number(m.minIntervalMs ?? minIntervalMs);
      // Open in small batches: a burst of hundreds of upgrades at once measures the handshake.
      links = [];
      for (let i = 0; i < clients.length; i += 20) links.push(...(await Promise.all(clients.slice(i, i + 20).map(open))));
      return { connected: links.length };
    }
    case 'run':
      return run(Number(m.startAt), Number(m.warmupMs), Number(m.measureMs));
    case 'close':
      for (const l of links) l.close();
      return { closed: links.length };
    default:
      throw new Error(`unknown request ${String(m.type)}`);
  }
});
