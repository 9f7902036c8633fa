import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';

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

export interface FrameSink {
  /** A text (or binary) frame's payload: `buffer[start, end)`, valid only during the call. */
  onText(buffer: Buffer, start: number, end: number): void;
  onPing(buffer: Buffer, start: number, end: number): void;
  onClose(code: number, reason: string): void;
  /** The stream broke the protocol; the parser stops. */
  onError(error: Error): void;
}

const MAX_PAYLOAD = 64 * 1024 * 1024;

/** Incremental parser of unmasked server frames. */
export class FrameParser {
  /** Bytes of an incomplete frame, copied from earlier reads: `pending[0, pendingLength)`. */
  private pending: Buffer | undefined;
  private pendingLength = 0;
  private failed = false;

  constructor(private readonly sink: FrameSink) {}

  /** Parses `chunk[start, end)`; the chunk may be reused by the caller afterwards. */
  push(chunk: Buffer, start = 0, end = chunk.length): void {
    if (this.failed) return;
    let buf = chunk;
    let off = start;
    let len = end;
    if (this.pending) {
      // Appended in a buffer that grows geometrically, so a frame split over many reads costs linear time.
      const needed = this.pendingLength + end - start;
      if (needed > this.pending.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, this.pending.length * 2));
        this.pending.copy(grown, 0, 0, this.pendingLength);
        this.pending = grown;
      }
      chunk.copy(this.pending, this.pendingLength, start, end);
      buf = this.pending;
      off = 0;
      len = needed;
      this.pending = undefined;
      this.pendingLength = 0;
    }
    while (off < len) {
      if (len - off < 2) break;
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      let payloadLen = b1 & 0x7f;
      let header = 2;
      if (payloadLen === 126) {
        if (len - off < 4) break;
        payloadLen = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (payloadLen === 127) {
        if (len - off < 10) break;
        const high = buf.readUInt32BE(off + 2);
        payloadLen = high * 0x1_0000_0000 + buf.readUInt32BE(off + 6);
        header = 10;
        if (payloadLen > MAX_PAYLOAD) return this.fail(`frame of ${payloadLen} bytes is too large`);
      }
      if (b1 & 0x80) return this.fail('server frames must not be masked');
      if (b0 & 0x70) return this.fail('reserved bits set (no extension was negotiated)');
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (!fin || opcode === 0) return this.fail('fragmented frames are not supported by the bench client');
      const frameEnd = off + header + payloadLen;
      if (frameEnd > len) break;
      const payload = off + header;
      off = frameEnd;
      switch (opcode) {
        case 1:
        case 2:
          this.sink.onText(buf, payload, frameEnd);
          break;
        case 8: {
          const code = frameEnd - payload >= 2 ? buf.readUInt16BE(payload) : 1005;
          const reason = frameEnd - payload > 2 ? buf.toString('utf8', payload + 2, frameEnd) : '';
          this.failed = true; // nothing follows a close
          this.sink.onClose(code, reason);
          return;
        }
        case 9:
          this.sink.onPing(buf, payload, frameEnd);
          break;
        case 10:
          break;
        default:
          return this.fail(`unknown opcode ${opcode}`);
      }
      if (this.failed) return;
    }
    if (off < len) {
      if (buf !== chunk && off === 0) this.pending = buf; // still the pending buffer: keep it
      else this.pending = Buffer.from(buf.subarray(off, len)); // a copy: `chunk` is reused
      this.pendingLength = len - off;
    }
  }

  private fail(message: string): void {
    this.failed = true;
    this.pending = undefined;
    this.pendingLength = 0;
    this.sink.onError(new Error(message));
  }
}

/** A masked client frame (RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) frame[1] = 0x80 | n;
  else if (n < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  randomFillSync(frame, header, 4);
  for (let i = 0; i < n; i++) frame[header + 4 + i] = payload[i]! ^ frame[header + (i & 3)]!;
  return frame;
}

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
    const expected = createHash('sha1').update(this.key + GUID).digest('base64');
    const accept = lines.find((l) => /^sec-websocket-accept:/i.test(l))?.slice('sec-websocket-accept:'.length).trim();
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
