import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, SUBPROTOCOL, type ServerFrame } from './protocol.js';

/** One client socket as the rest of the gateway sees it. This module is the only one that knows `ws`. */
export interface Transport {
  /** Queues a frame; false when the socket is closing or the frame would overflow the bound. */
  send(frame: ServerFrame): boolean;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class WsTransport implements Transport {
  private closing = false;
  private killTimer: NodeJS.Timeout | undefined;
  private handlers: TransportHandlers | undefined;

  constructor(private readonly ws: WebSocket, private readonly options: TransportOptions) {
    ws.on('message', (data: RawData, isBinary: boolean) => this.onData(data, isBinary));
    ws.on('pong', () => this.handlers?.onPong());
    ws.on('error', () => undefined); // 'close' follows every error; that is where we react.
    ws.on('close', (code: number) => {
      clearTimeout(this.killTimer);
      this.closing = true;
      this.handlers?.onClose(code);
    });
    // An oversized frame makes ws close with 1009; protocol v1 says 4102, so answer first.
    (ws as unknown as { _receiver?: NodeJS.EventEmitter })._receiver?.prependListener('error', (error: { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.close(CloseCode.protocolViolation, 'frame too large');
    });
  }

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  send(frame: ServerFrame): boolean {
    if (this.closing) return false;
    const text = JSON.stringify(frame);
    // Past the bound the client is not reading: stop queueing (memory stays bounded) and let it go.
    if (this.ws.bufferedAmount + Buffer.byteLength(text) > this.options.maxBufferedBytes) {
      this.options.onSlowConsumer();
      this.close(CloseCode.overloaded, 'slow consumer');
      return false;
    }
    this.ws.send(text);
    return true;
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
    // A client that does not answer the close frame (or never reads it) is cut off.
    this.killTimer = setTimeout(() => this.ws.terminate(), this.options.closeGraceMs);
    this.killTimer.unref();
  }

  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  ping(): void {
    if (!this.closing) this.ws.ping();
  }

  isOpen(): boolean {
    return !this.closing;
  }

  bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  async whenWritable(): Promise<boolean> {
    const low = this.options.maxBufferedBytes / 4;
    while (!this.closing && this.ws.bufferedAmount > low) await sleep(10);
    return !this.closing;
  }

  private onData(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.close(CloseCode.protocolViolation, 'binary frames are not part of chat.v1');
      return;
    }
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    this.handlers?.onMessage(text);
  }
}

export type AcceptedTransport = Transport & { attach(handlers: TransportHandlers): void; terminate(): void };

/** Turns HTTP upgrade requests into transports; `onOpen` must `attach` before returning. */
export function createWsAcceptor(options: TransportOptions) {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: options.maxPayloadBytes,
    // Reply with chat.v1 only: echoing the bearer.<token> entry would leak the token into logs.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, onOpen: (transport: AcceptedTransport) => void): void {
      server.handleUpgrade(req, socket, head, (ws) => onOpen(new WsTransport(ws, options)));
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
