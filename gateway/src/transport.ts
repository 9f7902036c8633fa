import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CloseCode, SUBPROTOCOL } from './protocol.js';
import { WriteBatch, type Flushable } from './write-batch.js';

/** One client socket as the rest of the gateway sees it. This module is the only one that knows `ws`. */
export interface Transport {
  /** Queues a frame made by `textFrame`; false when the socket is closing or it would overflow the bound. */
  send(frame: Buffer): boolean;
  close(code: number, reason: string): void;
  ping(): void;
  isOpen(): boolean;
  bufferedBytes(): number;
  /** Resolves once the outgoing buffer has room again (true), or the socket closed (false). */
  whenWritable(): Promise<boolean>;
}

export interface TransportHandlers {
  onMessage(text: string): void;
  onPong(): void;
  onClose(code: number): void;
}

export interface TransportOptions {
  maxPayloadBytes: number;
  maxBufferedBytes: number;
  closeGraceMs: number;
  /** Called once when a client stopped reading and its socket was closed with 4001. */
  onSlowConsumer(): void;
}

/**
 * A complete WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked as from a server) holding
 * `json`. Built once, it can be written to any number of sockets: a fan-out is framed once per node.
 */
export function textFrame(json: string): Buffer {
  const length = Buffer.byteLength(json);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(json, header, 'utf8');
  return frame;
}

/**
 * `ws` accepts the socket, reads client frames and writes pings and close frames; data frames are
 * held until the node's write batch flushes them, then written to the socket directly as one buffer.
 * That is safe next to `ws` because without permessage-deflate (off below) its sender never
 * queues: only ws's control frames (ping, pong) can pass held data frames, which RFC 6455 allows,
 * and a close frame is preceded by a flush. A fan-out thus costs each recipient a share of one
 * write of shared bytes, instead of ws framing it again per socket.
 */
class WsTransport implements Transport, Flushable {
  private closing = false;
  private killTimer: NodeJS.Timeout | undefined;
  private handlers: TransportHandlers | undefined;
  /**
   * Frames written this loop turn, held for the node's write batch: one frame as itself (most
   * turns carry one per socket, and an array per socket per turn was 7 % of a node's allocations
   * at 900 msg/s), several in an array.
   */
  private pending: Buffer | Buffer[] | undefined;
  private pendingBytes = 0;

  constructor(
    private readonly ws: WebSocket,
    /** The upgraded socket under `ws`. */
    private readonly socket: Duplex,
    private readonly batch: WriteBatch,
    private readonly options: TransportOptions,
  ) {
    ws.on('message', (data: RawData, isBinary: boolean) => this.onData(data, isBinary));
    ws.on('pong', () => this.handlers?.onPong());
    ws.on('error', () => undefined); // 'close' follows every error; that is where we react.
    ws.on('close', (code: number) => {
      clearTimeout(this.killTimer);
      this.closing = true;
      this.pending = undefined;
      this.pendingBytes = 0;
      this.handlers?.onClose(code);
    });
    // An oversized frame makes ws close with 1009; protocol v1 says 4102, so answer first. ws calls
    // close(1009) before it emits the public 'error', so only a listener on its (private) receiver
    // runs in time; without it clients would see 1009. backpressure.test.ts pins 4102, so a ws
    // upgrade that renames `_receiver` fails there. ADR 0012.
    (ws as unknown as { _receiver?: NodeJS.EventEmitter })._receiver?.prependListener('error', (error: { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.close(CloseCode.protocolViolation, 'frame too large');
    });
  }

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  send(frame: Buffer): boolean {
    // ws may have started a closing handshake itself (the client closed, a bad frame): no data after it.
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return false;
    // Past the bound the client is not reading: stop queueing (memory stays bounded) and let it go.
    if (this.bufferedBytes() + frame.length > this.options.maxBufferedBytes) {
      this.options.onSlowConsumer();
      this.close(CloseCode.overloaded, 'slow consumer');
      return false;
    }
    if (this.pending === undefined) {
      this.pending = frame;
      this.pendingBytes = frame.length;
      this.batch.schedule(this);
    } else {
      if (Array.isArray(this.pending)) this.pending.push(frame);
      else this.pending = [this.pending, frame];
      this.pendingBytes += frame.length;
      // Holding alone must never push a client that reads towards the slow-consumer bound.
      if (this.pendingBytes >= this.options.maxBufferedBytes / 32) this.flush();
    }
    return true;
  }

  /** Writes the frames held for this loop turn, as one buffer. */
  flush(): void {
    const frames = this.pending;
    if (frames === undefined) return;
    this.pending = undefined;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    // After ws started closing (the client sent a close frame) data may no longer follow.
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.socket.write(Array.isArray(frames) ? Buffer.concat(frames, bytes) : frames);
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.flush();
    this.closing = true;
    this.ws.close(code, reason);
    // A client that does not answer the close frame (or never reads it) is cut off.
    this.killTimer = setTimeout(() => this.ws.terminate(), this.options.closeGraceMs);
    this.killTimer.unref();
  }

  terminate(): void {
    this.closing = true;
    this.pending = undefined;
    this.ws.terminate();
  }

  ping(): void {
    if (!this.closing) this.ws.ping();
  }

  isOpen(): boolean {
    return !this.closing;
  }

  bufferedBytes(): number {
    return this.ws.bufferedAmount + this.pendingBytes;
  }

  async whenWritable(): Promise<boolean> {
    const low = this.options.maxBufferedBytes / 4;
    while (!this.closing && this.bufferedBytes() > low) {
      this.flush();
      // Above `low` the socket is past its high-water mark, so it will emit 'drain' once emptied;
      // if it is not (a socket with a larger mark), its own buffer is under the mark: writable.
      if (!this.socket.writableNeedDrain) break;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('drain', done);
          this.ws.off('close', done);
          resolve();
        };
        this.socket.on('drain', done);
        this.ws.on('close', done);
      });
    }
    return !this.closing;
  }

  private onData(data: RawData, isBinary: boolean): void {
    // Once we close (a protocol violation, a slow consumer, a drain) the client's later frames are
    // not acted on: ws still emits them until the handshake ends, but no ack could reach the client.
    if (this.closing) return;
    if (isBinary) {
      this.close(CloseCode.protocolViolation, 'binary frames are not part of chat.v1');
      return;
    }
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    this.handlers?.onMessage(text);
  }
}

export type AcceptedTransport = Transport & { attach(handlers: TransportHandlers): void; terminate(): void };

/** Turns HTTP upgrade requests into transports; `onOpen` must `attach` before returning. */
export function createWsAcceptor(options: TransportOptions) {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    // Must stay off: WsTransport writes data frames beside ws's sender, which queues only while
    // compressing (or reading a Blob, which nothing here sends).
    perMessageDeflate: false,
    maxPayload: options.maxPayloadBytes,
    // Reply with chat.v1 only: echoing the bearer.<token> entry would leak the token into logs.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  const batch = new WriteBatch();
  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, onOpen: (transport: AcceptedTransport) => void): void {
      server.handleUpgrade(req, socket, head, (ws) => onOpen(new WsTransport(ws, socket, batch, options)));
    },
    /** Refuses an upgrade with a plain HTTP status (draining, wrong path). */
    reject(socket: Duplex, status: number, text: string): void {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    },
    close(): void {
      server.close();
    },
  };
}
