import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { opened, RawWebSocket } from './raw-ws.js';
import { clientFrame, FrameParser } from './ws-frames.js';
import { until } from './until.js';

/** An unmasked server frame. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0, n]) : n < 65_536 ? Buffer.from([0, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 65_536) {
    head[1] = 127;
    head.writeUInt32BE(n, 6);
  }
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, payload]);
}

function collect() {
  const texts: string[] = [];
  const pings: string[] = [];
  const closes: [number, string][] = [];
  const errors: string[] = [];
  const parser = new FrameParser({
    onText: (b, s, e) => texts.push(b.toString('latin1', s, e)),
    onPing: (b, s, e) => pings.push(b.toString('latin1', s, e)),
    onClose: (code, reason) => closes.push([code, reason]),
    onError: (error) => errors.push(error.message),
  });
  return { parser, texts, pings, closes, errors };
}

const LENGTHS = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
const text = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

describe('FrameParser', () => {
  const stream = Buffer.concat([
    ...LENGTHS.map((n) => serverFrame(1, Buffer.from(text(n)))),
    serverFrame(9, Buffer.from('hi')),
    serverFrame(10, Buffer.from('ignored')),
    serverFrame(1, Buffer.from('last')),
    serverFrame(8, Buffer.concat([Buffer.from([0x0f, 0xa0]), Buffer.from('bye')])),
  ]);
  const expected = [...LENGTHS.map(text), 'last'];

  it('parses every length encoding, several frames per read', () => {
    const got = collect();
    got.parser.push(stream);
    expect(got.texts).toEqual(expected);
    expect(got.pings).toEqual(['hi']);
    expect(got.closes).toEqual([[4000, 'bye']]);
    expect(got.errors).toEqual([]);
  });

  it('parses frames split across reads at every size, from a reused read buffer', () => {
    for (const size of [1, 2, 3, 7, 100, 4096]) {
      const got = collect();
      const reused = Buffer.alloc(size);
      for (let at = 0; at < stream.length; at += size) {
        const n = stream.copy(reused, 0, at, Math.min(stream.length, at + size));
        got.parser.push(reused, 0, n);
        reused.fill(0xff); // anything kept from a read must have been copied
      }
      expect(got.texts).toEqual(expected);
      expect(got.pings).toEqual(['hi']);
      expect(got.closes).toEqual([[4000, 'bye']]);
    }
  });

  it('rejects fragmented, masked and reserved-bit frames loudly', () => {
    for (const bad of [
      serverFrame(1, Buffer.from('a'), false),
      serverFrame(0, Buffer.from('a')),
      Buffer.from([0x81, 0x81, 1, 2, 3, 4, 5]),
      Buffer.from([0xc1, 0]),
    ]) {
      const got = collect();
      got.parser.push(Buffer.concat([serverFrame(1, Buffer.from('ok')), bad, serverFrame(1, Buffer.from('after'))]));
      expect(got.texts).toEqual(['ok']);
      expect(got.errors).toHaveLength(1);
    }
  });

  it('masks client frames of every length encoding', () => {
    for (const n of [0, 125, 126, 65_536]) {
      const payload = Buffer.from(text(n));
      const frame = clientFrame(1, payload);
      const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
      expect(frame[0]).toBe(0x81);
      expect(frame[1]! & 0x80).toBe(0x80);
      const mask = frame.subarray(header, header + 4);
      const unmasked = Buffer.from(frame.subarray(header + 4).map((b, i) => b ^ mask[i & 3]!));
      expect(unmasked.equals(payload)).toBe(true);
    }
  });
});

describe('RawWebSocket against a ws server', () => {
  let wss: WebSocketServer;
  let url: string;
  const server: { socket?: WebSocket; received: string[]; pongs: string[]; upgrade?: string } = { received: [], pongs: [] };

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/path?token=abc`;
    wss.on('connection', (socket, request) => {
      server.socket = socket;
      server.upgrade = request.url;
      socket.on('message', (data) => server.received.push(String(data)));
      socket.on('pong', (data) => server.pongs.push(String(data)));
    });
  });
  afterAll(() => new Promise<void>((r) => wss.close(() => r())));

  it('upgrades, receives every length encoding, answers pings, sends masked frames, closes', async () => {
    const ws = new RawWebSocket(url);
    const texts: string[] = [];
    ws.onText = (b, s, e) => texts.push(b.toString('utf8', s, e));
    await opened(ws, 5_000, 'connect');
    await until(() => server.socket !== undefined);
    expect(server.upgrade).toBe('/path?token=abc');

    for (const n of LENGTHS) server.socket!.send(text(n));
    server.socket!.ping('are you there');
    for (let i = 0; i < 1_000; i++) server.socket!.send(`burst ${i}`); // many frames per read
    await until(() => texts.length === LENGTHS.length + 1_000);
    expect(texts.slice(0, LENGTHS.length)).toEqual(LENGTHS.map(text));
    expect(texts.at(-1)).toBe('burst 999');
    await until(() => server.pongs.length === 1);
    expect(server.pongs).toEqual(['are you there']);

    ws.send('40{"user":1}');
    ws.send(text(70_000));
    await until(() => server.received.length === 2);
    expect(server.received).toEqual(['40{"user":1}', text(70_000)]);

    const closed = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason])));
    server.socket!.close(4001, 'slow');
    expect(await closed).toEqual([4001, 'slow']);
  });

  it('closes from the client side', async () => {
    server.socket = undefined;
    const ws = new RawWebSocket(url);
    await opened(ws, 5_000, 'connect');
    await until(() => server.socket !== undefined);
    const serverClosed = new Promise<number>((r) => server.socket!.once('close', (code) => r(code)));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.close(1000);
    expect(await serverClosed).toBe(1000);
    expect(await closed).toBe(1000);
  });

  it('refuses a non-101 response', async () => {
    const ws = new RawWebSocket(url.replace('ws://', 'ws://').replace(/:\d+/, `:${(wss.address() as AddressInfo).port}`));
    ws.socket.removeAllListeners('connect');
    ws.socket.once('connect', () => ws.socket.write('GET /x HTTP/1.1\r\nHost: x\r\n\r\n'));
    await expect(opened(ws, 5_000, 'connect')).rejects.toThrow(/upgrade refused|closed/);
  });
});
