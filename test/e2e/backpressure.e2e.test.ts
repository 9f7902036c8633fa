import { describe, expect, it } from 'vitest';
import { fetchMetrics, metricValue, rssBytes } from '../support/gateway-process.js';
import type { WsClient } from '../support/ws-client.js';
import { range, useTopology } from './topology.js';

/**
 * Backpressure end to end (local cloud + one gateway process on real services, see topology.ts): a
 * client that stops reading. What is under test is the gateway's outgoing bound, not the store, so
 * its history is in PostgreSQL: the flood (several MB of 12 KB messages) then takes seconds, where
 * FerretDB's collection scans made it take a minute. One gateway process is enough, everything here
 * is on it.
 */

describe('backpressure end to end: local cloud + one gateway process on real services', () => {
  const t = useTopology('backpressure', { gateways: 1, messageStore: 'postgres' });
  const { users, group, connect, wsSend, restSend, clientMsgId } = t;

  it('slow consumer: a client that stops reading is closed with 4001 and the node stays bounded in memory', async () => {
    const gateway = t.gateway(1);
    const [victim, watcher, sender] = await users(3, 's');
    // Several conversations, so the flood's appends do not queue behind one conversation's seq.
    // Two thirds are fed over REST (local cloud), one third over WS (the gateway): a WS connection has
    // one send in flight.
    const FLOOD_CONVERSATIONS = 12;
    const convs = await Promise.all(range(1, FLOOD_CONVERSATIONS).map((i) => group(sender!, [victim!, watcher!], `flood-${i}`)));
    const v = await connect(victim!, 1, 'victim');
    const w = await connect(watcher!, 1, 'watcher');
    const senders: WsClient[] = [];
    for (const i of range(1, FLOOD_CONVERSATIONS / 3)) senders.push(await connect(sender!, 1, `sender${i}`));
    const pid = gateway.process.pid!;
    const metricsBefore = await fetchMetrics(gateway.httpUrl);
    const closesBefore = metricValue(metricsBefore, 'chat_gateway_slow_consumer_closes_total');
    const connectionsBefore = metricValue(metricsBefore, 'chat_gateway_connections');
    const rssBefore = rssBytes(pid);

    v.pause();
    // The victim still writes: its pings keep it from being closed as idle (4002, after 20-40 s
    // without a pong), which the flood would otherwise race on a slow machine. What is under test
    // is the outgoing bound, not liveness.
    const keepAlive = setInterval(() => v.isOpen() && v.sendRaw({ type: 'ping' }), 5_000);
    // 4000 UTF-16 units (the limit) of a 3-byte character: ~12 KB per message.new frame.
    const text = '界'.repeat(4000);
    const cap = 20 * 1024 * 1024;
    const afterClose = 1024 * 1024;
    let aimed = 0; // message.new bytes for the victim's conversations, as the watcher on the same node got them
    let tallied = 0;
    const tally = () => {
      for (; tallied < w.frames.length; tallied++) if (w.frames[tallied]!.frame.type === 'message.new') aimed += w.frames[tallied]!.bytes;
      return aimed;
    };
    let peakRss = rssBefore;
    let closedAfter: number | undefined;
    let stop = false;
    const sampler = (async () => {
      while (!stop) {
        try {
          peakRss = Math.max(peakRss, rssBytes(pid));
          if (closedAfter === undefined && metricValue(await fetchMetrics(gateway.httpUrl), 'chat_gateway_slow_consumer_closes_total') > closesBefore) {
            closedAfter = tally();
            v.resume(); // read what the server had queued, then its close frame
          }
        } catch {
          // the gateway went away: the assertions below report it
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // Until the server gave up on the victim and 1 MiB more went by (none of which may pile up for
    // it), or 20 MiB in all. The server can only notice once the kernel's socket buffers are full
    // too (~4 MiB send + ~128 KiB receive on this loopback), so the close comes after ~6-7 MiB.
    const enough = () => (closedAfter !== undefined && tally() >= closedAfter + afterClose) || sent * text.length * 3 >= cap;
    let sent = 0;
    const started = Date.now();
    try {
      await Promise.all(
        convs.map(async (conv, i) => {
          while (!enough()) {
            sent++;
            if (i % 3 !== 2) await restSend(sender!, conv, text);
            else await wsSend(senders[(i - 2) / 3]!, conv, text, clientMsgId('flood'), 60_000);
          }
        }),
      );
      await w.until(() => convs.reduce((n, conv) => n + w.count(conv), 0) >= sent, 60_000, 'the whole flood');
    } finally {
      clearInterval(keepAlive);
      stop = true;
      await sampler;
    }
    const floodMs = Date.now() - started;
    const closed = await Promise.race([v.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000))]);
    const metricsAfter = await fetchMetrics(gateway.httpUrl);
    const rssAfter = rssBytes(pid);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      [
        `[e2e slow consumer] ${sent} messages, ${mib(tally())} MiB of message.new aimed at the paused client in ${floodMs} ms`,
        `  the gateway closed it once ${closedAfter === undefined ? '?' : mib(closedAfter)} MiB had been aimed at it; resumed, the client read ${mib(v.frames.reduce((n, r) => n + r.bytes, 0))} MiB, then close ${closed?.code} ${closed?.reason}`,
        `  gateway RSS: before ${mib(rssBefore)} MiB, peak ${mib(peakRss)} MiB (+${mib(peakRss - rssBefore)}), after ${mib(rssAfter)} MiB`,
        `  metrics: chat_gateway_slow_consumer_closes_total ${closesBefore} → ${metricValue(metricsAfter, 'chat_gateway_slow_consumer_closes_total')}, chat_gateway_connections ${connectionsBefore} → ${metricValue(metricsAfter, 'chat_gateway_connections')}`,
      ].join('\n'),
    );
    expect(closed).toEqual({ code: 4001, reason: expect.any(String) });
    expect(closedAfter).toBeDefined();
    expect(tally()).toBeGreaterThanOrEqual(closedAfter! + afterClose);
    expect(metricValue(metricsAfter, 'chat_gateway_slow_consumer_closes_total')).toBe(closesBefore + 1);
    expect(metricValue(metricsAfter, 'chat_gateway_connections')).toBe(connectionsBefore - 1);
    expect(peakRss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    // What the victim read before the close frame is what the server had queued when it gave up:
    // at most the bound (1 MiB) plus the kernel's socket buffers, far less than the flood.
    expect(v.frames.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(closedAfter! + 1024 * 1024);
    // The watcher, reading normally on the same node, got the whole flood in order.
    for (const conv of convs) expect(w.seqs(conv)).toEqual(range(1, w.count(conv)));
    await Promise.all([w, ...senders].map((c) => c.close()));
  }, 300_000);
});
