import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SUBPROTOCOL } from './protocol.js';
import { createWsAcceptor, textFrame, type AcceptedTransport } from './transport.js';
import { until } from './test-support/ws-client.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A server whose one transport is handed to the test, and a `ws` client recording what it gets. */
async function pair(maxBufferedBytes = 1024 * 1024) {
  const acceptor = createWsAcceptor({ maxPayloadBytes: 64 * 1024, maxBufferedBytes, closeGraceMs: 1_000, onSlowConsumer: () => undefined });
  let transport: AcceptedTransport | undefined;
  server = createServer();
  server.on('upgrade', (req, socket, head) =>
    acceptor.upgrade(req, socket, head, (t) => {
      t.attach({ onMessage: () => undefined, onPong: () => undefined, onClose: () => undefined });
      transport = t;
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, [SUBPROTOCOL]);
  const received: { text: string; binary: boolean }[] = [];
  client.on('message', (data, binary) => received.push({ text: String(data), binary }));
  await new Promise((resolve) => client.once('open', resolve));
  await until(() => transport !== undefined);
  return { transport: transport!, client, received };
}

describe('prebuilt text frames', () => {
  it('arrive as the same text for every payload length encoding (7, 16 and 64 bit), multi-byte UTF-8 included', async () => {
    const { transport, client, received } = await pair();
    const texts = [0, 1, 125, 126, 65_535, 65_536, 70_000].map((n) => JSON.stringify('x'.repeat(Math.max(0, n - 2))));
    texts.push(JSON.stringify({ text: 'é€😀'.repeat(50) }));
    for (const text of texts) expect(transport.send(textFrame(text))).toBe(true);
    await until(() => received.length === texts.length);
    expect(received.map((r) => r.text)).toEqual(texts);
    expect(received.every((r) => !r.binary)).toBe(true);
    client.close();
  });

  it('keeps order when one tick writes more than a batch holds, and counts held bytes as buffered', async () => {
    // 32 KiB bound: a socket's batch is written out past 1 KiB.
    const { transport, client, received } = await pair(32 * 1024);
    const texts = Array.from({ length: 40 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(300) }));
    for (const text of texts) {
      const frame = textFrame(text);
      const before = transport.bufferedBytes();
      transport.send(frame);
      // Held frames count as buffered until the batch (or the 1 KiB share of the bound) writes them.
      expect(transport.bufferedBytes()).toBe(before + frame.length < 1024 ? before + frame.length : 0);
    }
    await until(() => received.length === texts.length);
    expect(received.map((r) => r.text)).toEqual(texts);
    client.close();
  });

  it('writes the frames held this turn before a close frame sent in the same turn', async () => {
    const { transport, client, received } = await pair();
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    for (const i of [1, 2, 3]) transport.send(textFrame(JSON.stringify({ i })));
    transport.close(4000, 'node draining');
    expect(await closed).toBe(4000);
    expect(received.map((r) => r.text)).toEqual(['{"i":1}', '{"i":2}', '{"i":3}']);
  });
});

describe('whenWritable', () => {
  /** Pauses the client's reads and writes until the server socket holds more than a quarter of the bound. */
  async function stalled() {
    const p = await pair(256 * 1024);
    (p.client as unknown as { _socket: Socket })._socket.pause();
    const frame = textFrame(JSON.stringify('z'.repeat(8_000)));
    while (p.transport.bufferedBytes() <= 64 * 1024 && p.transport.send(frame)) await new Promise((r) => setImmediate(r));
    return p;
  }

  it('waits while the buffer is above a quarter of the bound, and resolves true once the client reads it', async () => {
    const { transport, client } = await stalled();
    let settled: boolean | undefined;
    const writable = transport.whenWritable().then((ok) => (settled = ok));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBeUndefined();
    (client as unknown as { _socket: Socket })._socket.resume();
    expect(await writable).toBe(true);
    expect(transport.bufferedBytes()).toBeLessThanOrEqual(64 * 1024);
    client.close();
  });

  it('resolves false when the socket closes while waiting', async () => {
    const { transport, client } = await stalled();
    const writable = transport.whenWritable();
    client.terminate();
    expect(await writable).toBe(false);
  });
});
