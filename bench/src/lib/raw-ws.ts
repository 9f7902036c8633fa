import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { clientFrame, FrameParser } from './ws-frames.js';

/**
 * A minimal WebSocket client (RFC 6455) over `node:net` for the load generators, so a delivery costs
 * them little next to the servers they measure: no per-message Buffer, no event emitter per frame,
 * no UTF-8 validation, no extensions. Both systems' clients (bench/src/fanout/our-client.ts,
 * bench/src/peer/client.ts) use it, so they do the same work per delivery.
 *
 * Server frames are parsed in place from the bytes read (several per read, or split across reads):
 * a text frame reaches `onText(buffer, start, end)` as a range of a buffer that is reused after the
 * call returns. Pings get a pong, a close gets a close. Fragmented frames (continuations) are not
 * implemented and fail the connection with 1002. Client frames are masked.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADERS_END = Buffer.from('\r\n\r\n');

/** One read buffer for every connection of the process: frames are parsed before the next read. */
const readBuffer = Buffer.allocUnsafe(256 * 1024);

export interface RawWebSocketEvents {
  open: [];
  text: [buffer: Buffer, start: number, end: number];
  close: [code: number, reason: string];
  error: [error: Error];
}

/**
 * A client connection. Emits `open` after a valid 101 response, `close(code, reason)` exactly once
 * (1006 when the TCP connection ended without a close frame), `error` before `close` on a failure.
 * Text frames go to `onText` (set it before `open`; no event per frame).
 */
export class RawWebSocket extends EventEmitter<RawWebSocketEvents> {
  onText: (buffer: Buffer, start: number, end: number) => void = () => undefined;
  readonly socket: net.Socket;
  private readonly parser: FrameParser;
  private readonly key = randomBytes(16).toString('base64');
  private upgraded = false;
  private head: Buffer | undefined;
  private closeCode = 1006;
  private closeReason = '';
  private closed = false;
  private closeSent = false;

  /** `url`: ws://host:port/path?query. `headers`: extra request headers. */
  constructor(url: string, headers: Record<string, string> = {}) {
    super();
    const target = new URL(url);
    if (target.protocol !== 'ws:') throw new Error(`only ws:// URLs are supported, not ${url}`);
    const host = target.hostname;
    const port = Number(target.port || 80);
    this.parser = new FrameParser({
      onText: (buffer, start, end) => this.onText(buffer, start, end),
      onPing: (buffer, start, end) => this.write(0xa, buffer.subarray(start, end)), // pong
      onClose: (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason;
        this.sendClose(code === 1005 ? undefined : code);
        this.socket.end();
      },
      onError: (error) => this.fail(1002, error),
    });
    this.socket = net.connect({
      host,
      port,
      noDelay: true,
      onread: { buffer: readBuffer, callback: (n, buffer) => (this.onRead(buffer as Buffer, n), true) },
    });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${this.key}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    this.socket.on('error', (error) => this.report(error));
    this.socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', this.closeCode, this.closeReason);
    });
  }

  /** Sends a masked text frame. */
  send(text: string | Buffer): void {
    this.write(0x1, typeof text === 'string' ? Buffer.from(text) : text);
  }

  /** Starts the closing handshake; `close` follows when the server has closed. */
  close(code = 1000): void {
    if (this.closed) return;
    if (!this.upgraded) return this.terminate();
    this.sendClose(code);
  }

  terminate(): void {
    this.socket.destroy();
  }

  private sendClose(code: number | undefined): void {
    if (this.closeSent) return;
    this.closeSent = true;
    const payload = Buffer.alloc(code === undefined ? 0 : 2);
    if (code !== undefined) payload.writeUInt16BE(code, 0);
    this.write(0x8, payload);
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.writable && (opcode === 0x8 || !this.closeSent)) this.socket.write(clientFrame(opcode, payload));
  }

  private fail(code: number, error: Error): void {
    this.closeCode = code;
    this.closeReason = error.message;
    this.report(error);
    this.socket.destroy();
  }

  /** `error` for whoever listens (an unheard error still shows in the close code and reason). */
  private report(error: Error): void {
    if (!this.closeReason) this.closeReason = error.message;
    if (!this.closed && this.listenerCount('error') > 0) this.emit('error', error);
  }

  private onRead(buffer: Buffer, n: number): void {
    if (this.upgraded) return this.parser.push(buffer, 0, n);
    this.head = this.head ? Buffer.concat([this.head, buffer.subarray(0, n)]) : Buffer.from(buffer.subarray(0, n));
    const end = this.head.indexOf(HEADERS_END);
    if (end < 0) {
      if (this.head.length > 16 * 1024) this.fail(1002, new Error('upgrade response headers too long'));
      return;
    }
    const head = this.head;
    this.head = undefined;
    const lines = head.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1];
    if (status !== '101') return this.fail(1002, new Error(`upgrade refused: ${lines[0] ?? ''}`));
    const expected = createHash('sha1')
      .update(this.key + GUID)
      .digest('base64');
    const accept = lines
      .find((l) => /^sec-websocket-accept:/i.test(l))
      ?.slice('sec-websocket-accept:'.length)
      .trim();
    if (accept !== expected) return this.fail(1002, new Error(`bad Sec-WebSocket-Accept: ${accept ?? '(none)'}`));
    this.upgraded = true;
    this.emit('open');
    if (end + 4 < head.length) this.parser.push(head, end + 4, head.length);
  }
}

/** Waits for `ws` to open, or rejects on its first error / close / `timeoutMs`. */
export function opened(ws: RawWebSocket, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ws.terminate(), reject(new Error(`${what} timed out`))), timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      ws.off('open', onOpen).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onOpen = () => done();
    const onError = (error: Error) => done(error);
    const onClose = (code: number, reason: string) => done(new Error(`${what}: closed (${code} ${reason})`));
    ws.on('open', onOpen).on('error', onError).on('close', onClose);
  });
}

/**
 * Waits for `ws` to open and then for `ready` (the protocol's own handshake on top), terminating
 * the socket on a failure or after `timeoutMs`; resolves with the socket.
 */
export async function handshake(ws: RawWebSocket, ready: Promise<void>, timeoutMs: number, what: string): Promise<RawWebSocket> {
  ready.catch(() => undefined); // a rejection is reported by the await below
  const timer = setTimeout(() => ws.terminate(), timeoutMs);
  try {
    await opened(ws, timeoutMs, what);
    await ready;
  } catch (error) {
    ws.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return ws;
}
