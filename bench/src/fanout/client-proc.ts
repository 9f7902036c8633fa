import { serveRequests } from '../lib/children.js';
import { Histogram, nowMs } from '../lib/histogram.js';
import type { RawWebSocket } from '../lib/raw-ws.js';
import { connectCentrifugo } from '../centrifugo/client.js';
import { connectPeer } from '../peer/client.js';
import { connectOurs } from './our-client.js';
import { scanBenchFrame, type BenchStamp } from './payload.js';

/**
 * A load-generator process: holds its share of the clients, records end-to-end latency of every
 * bench message it receives in a histogram per step (the step is read from the message), and
 * answers the orchestrator's requests over IPC (lib/children.ts).
 */
export type Target =
  | { system: 'ours'; url: string; token: string }
  | { system: 'peer'; port: number; user: number }
  | { system: 'centrifugo'; port: number; token: string };

interface StepStats {
  histogram: Histogram;
  received: number;
}

const sockets = new Set<RawWebSocket>();
const steps = new Map<number, StepStats>();
const closes = new Map<string, number>();
const sent: BenchStamp = { step: 0, sentAtMs: 0 };
let lastStep = -1;
let lastStats: StepStats | undefined;
let disconnecting = false;

const handlers = {
  onFrame(buffer: Buffer, start: number, end: number) {
    const at = nowMs();
    if (!scanBenchFrame(buffer, start, end, sent)) return;
    let stats = sent.step === lastStep ? lastStats : steps.get(sent.step);
    if (!stats) steps.set(sent.step, (stats = { histogram: new Histogram(), received: 0 }));
    lastStep = sent.step;
    lastStats = stats;
    stats.histogram.record(at - sent.sentAtMs);
    stats.received += 1;
  },
  onClose(code: number, reason: string) {
    if (disconnecting) return;
    const key = `${code}${reason ? ` ${reason}` : ''}`;
    closes.set(key, (closes.get(key) ?? 0) + 1);
  },
};

function open(target: Target): Promise<RawWebSocket> {
  switch (target.system) {
    case 'ours':
      return connectOurs(target.url, target.token, handlers);
    case 'peer':
      return connectPeer(target.port, target.user, handlers);
    case 'centrifugo':
      return connectCentrifugo(target.port, target.token, handlers);
  }
}

/** Opens `targets`, `concurrency` handshakes at a time (a thundering herd would measure the kernel's accept queue). */
async function connectAll(targets: Target[], concurrency: number): Promise<{ connected: number; failed: number; firstError?: string; ms: number }> {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
      while (next < targets.length) {
        const target = targets[next++]!;
        try {
          const ws = await open(target);
          sockets.add(ws);
          ws.once('close', () => sockets.delete(ws));
        } catch (error) {
          failed += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return { connected: sockets.size, failed, ...(firstError !== undefined ? { firstError } : {}), ms: performance.now() - started };
}

async function disconnectAll(): Promise<void> {
  disconnecting = true;
  const all = [...sockets];
  await Promise.all(
    all.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => (ws.terminate(), resolve()), 3_000);
          ws.once('close', () => (clearTimeout(timer), resolve()));
          ws.close();
        }),
    ),
  );
}

serveRequests({}, async (m) => {
  switch (m.cmd) {
    case 'connect':
      return connectAll(m.targets as Target[], Number(m.concurrency ?? 50));
    case 'count':
      return steps.get(Number(m.step))?.received ?? 0;
    case 'collect': {
      const stats = steps.get(Number(m.step));
      steps.delete(Number(m.step));
      if (lastStep === Number(m.step)) lastStep = -1;
      return { received: stats?.received ?? 0, histogram: (stats?.histogram ?? new Histogram()).toJSON() };
    }
    case 'closes':
      return { open: sockets.size, closes: Object.fromEntries(closes) };
    case 'disconnect':
      await disconnectAll();
      return { open: sockets.size };
    default:
      throw new Error(`unknown request ${String(m.cmd)}`);
  }
});
