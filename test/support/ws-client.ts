import WebSocket from 'ws';

/** A server frame as received, with when and on which of the client's sockets it arrived. */
export interface Received {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary frame fields
  frame: any;
  /** Local receive time (Date.now()). */
  at: number;
  /** Which socket of this client (0 = first connect, 1 = after the first reconnect, …). */
  socket: number;
  /** Size of the frame on the wire (UTF-8 bytes). */
  bytes: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

let refs = 0;

/**
 * A protocol v1 test client: connects with `chat.v1, bearer.<token>`, records every frame, waits for
 * frames matching a predicate (with a timeout that says what it was waiting for), sends requests
 * with a `ref` and reconnects (to the same or another node) keeping its record.
 */
export class WsClient {
  readonly frames: Received[] = [];
  ws!: WebSocket;
  /** Index of the current socket (incremented by every reconnect). */
  socket = -1;
  /** Resolves when the current socket closes. */
  closed!: Promise<CloseInfo>;
  userId: string | undefined;
  connectionId: string | undefined;
  private waiters: Waiter[] = [];
  /** `message.new` frames per conversation over all sockets (cheap to poll in `until`). */
  private readonly counts = new Map<string, number>();

  private constructor(
    readonly label: string,
    readonly token: string,
  ) {}

  /** Opens a socket to `url` (ws://host:port/ws) and waits for `ready`. */
  static async connect(url: string, token: string, label = 'client', options: { early?: object[] } = {}): Promise<WsClient> {
    const client = new WsClient(label, token);
    await client.open(url, options.early ?? []);
    return client;
  }

  /** Closes the current socket (if open) and opens a new one to `url`; waits for `ready`. */
  async reconnect(url: string, options: { early?: object[] } = {}): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
      await this.closed;
    }
    await this.open(url, options.early ?? []);
  }

  /** Frames of the current socket (or of socket `n`). */
  on(socket = this.socket): Received[] {
    return this.frames.filter((r) => r.socket === socket);
  }

  /** `message.new` frames of a conversation, in arrival order, on one socket (default: all sockets). */
  messages(conversationId: string, socket?: number): Received[] {
    return this.frames.filter(
      (r) => r.frame.type === 'message.new' && r.frame.message.conversationId === conversationId && (socket === undefined || r.socket === socket),
    );
  }

  /** How many `message.new` frames of a conversation arrived, over all sockets. */
  count(conversationId: string): number {
    return this.counts.get(conversationId) ?? 0;
  }

  seqs(conversationId: string, socket?: number): number[] {
    return this.messages(conversationId, socket).map((r) => r.frame.message.seq as number);
  }

  /** The newest seq seen per conversation (what a client would put in `resume`). */
  lastSeen(conversationId: string): number {
    return Math.max(0, ...this.seqs(conversationId));
  }

  /** Sends a frame as is. */
  sendRaw(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends a frame with a fresh `ref`; returns the ref. */
  send(frame: object): string {
    const ref = `${this.label}-${++refs}`;
    this.sendRaw({ ...frame, ref });
    return ref;
  }

  /** Sends a frame with a ref and resolves with the `ack` or `error` frame carrying that ref. */
  async request(frame: object, timeoutMs = 20_000): Promise<Received> {
    const ref = this.send(frame);
    return this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.ref === ref, timeoutMs, `reply to ${ref}`);
  }

  /** The first frame (from index `from` on, any socket) matching `predicate`, waiting for it if needed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async waitFor(predicate: (frame: any, r: Received) => boolean, timeoutMs = 10_000, what = 'a matching frame', from = 0): Promise<Received> {
    let found: Received | undefined;
    await this.until(
      () => {
        for (let i = from; i < this.frames.length; i++) {
          const r = this.frames[i]!;
          if (predicate(r.frame, r)) {
            found = r;
            return true;
          }
        }
        from = this.frames.length;
        return false;
      },
      timeoutMs,
      what,
    );
    return found!;
  }

  /** Resolves once `condition()` holds; it is re-checked whenever a frame arrives or a socket closes. */
  until(condition: () => boolean, timeoutMs = 10_000, what = 'a condition'): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const tail = this.frames.slice(-5).map((r) => JSON.stringify(r.frame).slice(0, 200));
        reject(new Error(`${this.label}: timed out after ${timeoutMs} ms waiting for ${what} (${this.frames.length} frames; last: ${tail.join(' | ')})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Stops reading from the TCP socket, so the server's writes pile up in its buffers. `ws.pause()`
   * pauses the underlying socket (`ws._socket.pause()`) and also keeps ws's own receiver from
   * resuming it when its buffer drains, which a bare `_socket.pause()` does not.
   */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Closing handshake (1000); resolves once closed. */
  async close(): Promise<CloseInfo> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000, 'bye');
    const timer = setTimeout(() => this.ws.terminate(), 3_000);
    const info = await this.closed;
    clearTimeout(timer);
    return info;
  }

  /** Drops the TCP connection without a closing handshake (a crash, a lost network). */
  async terminate(): Promise<CloseInfo> {
    this.ws.terminate();
    return this.closed;
  }

  private open(url: string, early: object[]): Promise<void> {
    const socket = ++this.socket;
    const ws = new WebSocket(url, ['chat.v1', `bearer.${this.token}`], { perMessageDeflate: false });
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    void this.closed.then(() => this.notify());
    ws.on('error', () => undefined); // 'close' follows
    ws.on('message', (data: WebSocket.RawData) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const frame = JSON.parse(buffer.toString('utf8'));
      this.frames.push({ frame, at: Date.now(), socket, bytes: buffer.length });
      if (frame.type === 'message.new') this.counts.set(frame.message.conversationId, this.count(frame.message.conversationId) + 1);
      if (frame.type === 'ready') {
        this.userId = frame.userId;
        this.connectionId = frame.connectionId;
      }
      this.notify();
    });
    if (early.length > 0) ws.once('open', () => early.forEach((f) => ws.send(JSON.stringify(f))));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no ready from ${url} within 30 s`)), 30_000);
      const onClose = (info: CloseInfo) => {
        clearTimeout(timer);
        reject(new Error(`${this.label}: socket to ${url} closed before ready: ${info.code} ${info.reason}`));
      };
      void this.closed.then(onClose);
      this.waitFor((f, r) => f.type === 'ready' && r.socket === socket, 30_000, 'ready').then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => undefined,
      );
    });
  }

  private notify(): void {
    if (this.waiters.length === 0) return;
    const done = this.waiters.filter((w) => w.check());
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve();
  }
}
