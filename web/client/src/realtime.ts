import { Backoff, type BackoffOptions } from './backoff.js';
import { closeAction } from './close-codes.js';
import { Emitter } from './emitter.js';
import { ApiError } from './errors.js';
import { Keepalive } from './keepalive.js';
import type { Session } from './session.js';
import { frameText, globalWebSocket, OPEN, subprotocols, type WebSocketConstructor, type WebSocketLike } from './socket.js';
import type { ClientFrame, MessageView, ServerFrame } from './types.js';

/** idle → connecting → open (after `ready`) → reconnecting (waiting) → connecting …; stopped is final until `connect()`. */
/** The gateway's limit per `presence.query` (gateway/src/protocol.ts MAX_PRESENCE_QUERY). */
const PRESENCE_QUERY_SIZE = 200;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface RealtimeEvents extends Record<string, unknown> {
  frame: ServerFrame;
  state: ConnectionState;
  ready: { userId: string; connectionId: string };
  /** A socket closed; `retryInMs` is undefined when the SDK will not reconnect by itself. */
  closed: { code: number; reason: string; retryInMs: number | undefined };
}

export interface RealtimeOptions {
  /** `ws(s)://host/ws`, or a function (e.g. to pick another node after a failure). */
  url: string | (() => string);
  session: Session;
  WebSocket?: WebSocketConstructor;
  /** The last seq held per conversation, sent as `resume` as soon as a socket opens. */
  positions?: () => Record<string, number>;
  backoff?: BackoffOptions;
  /** A `ping` after this long without any frame; no answer within `pongTimeoutMs` drops the socket. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** A `typing start` per conversation at most this often. */
  typingIntervalMs?: number;
}

const MAX_RESUME_POSITIONS = 1_000;

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

/**
 * One logical realtime connection that survives sockets: it reconnects with jittered back-off as
 * the close code allows, refreshes the token first after 4101, and opens every new socket with
 * `resume` from the positions it is given, so the caller's store gets what it missed in seq order.
 */
export class RealtimeConnection {
  readonly events = new Emitter<RealtimeEvents>();
  private ws: WebSocketLike | undefined;
  private state: ConnectionState = 'idle';
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly keepalive: Keepalive;
  private readonly pending = new Map<string, Pending>();
  private readonly typingSentAt = new Map<string, number>();
  private refs = 0;
  private socketToken: string | undefined;
  /** Counts opens, so an open still awaiting its token after disconnect() + connect() gives up. */
  private attempt = 0;
  private readonly WS: WebSocketConstructor;

  constructor(private readonly options: RealtimeOptions) {
    const ctor = options.WebSocket ?? globalWebSocket();
    if (!ctor) throw new Error('no WebSocket: pass one (in Node 20: `import WebSocket from "ws"`)');
    this.WS = ctor;
    this.backoff = new Backoff(options.backoff);
    this.keepalive = new Keepalive(
      options.pingIntervalMs ?? 25_000,
      options.pongTimeoutMs ?? 10_000,
      () => {
        if (!this.ws || this.ws.readyState !== OPEN) return false;
        this.ws.send(JSON.stringify({ type: 'ping' }));
        return true;
      },
      () => {
        // Silence after a ping: the network is gone without a close. Reconnect now.
        this.drop(4002, 'no pong');
        this.scheduleRetry(undefined, 'no pong', 4002);
      },
    );
  }

  private sendResume(ws: WebSocketLike): void {
    const positions = Object.entries(this.options.positions?.() ?? {});
    for (let i = 0; i < positions.length; i += MAX_RESUME_POSITIONS)
      ws.send(JSON.stringify({ type: 'resume', positions: Object.fromEntries(positions.slice(i, i + MAX_RESUME_POSITIONS)) }));
  }

  get status(): ConnectionState {
    return this.state;
  }

  /** Starts (or restarts after `stopped`) connecting. */
  connect(): void {
    if (this.state === 'connecting' || this.state === 'open') return;
    clearTimeout(this.retryTimer);
    void this.open();
  }

  /** Closes for good (1000) until `connect()` is called again. */
  disconnect(): void {
    this.attempt++;
    clearTimeout(this.retryTimer);
    this.drop(1000, 'client disconnect');
    this.setState('stopped');
  }

  /**
   * The browser says the network is back: skip the back-off wait. A socket that still looks open
   * may have died meanwhile without a close (the server gave up on it): it is pinged at once, so a
   * dead one is replaced within the pong timeout instead of the ping interval plus it.
   */
  retryNow(): void {
    if (this.state === 'open' && this.ws?.readyState === OPEN) return this.keepalive.probe();
    if (this.state !== 'reconnecting') return;
    clearTimeout(this.retryTimer);
    void this.open();
  }

  /** Sends a frame if the socket is ready; false otherwise (the caller decides whether to queue). */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'open' || !this.ws || this.ws.readyState !== OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Sends with a fresh `ref`; resolves with the reply (`ack`, `pong`) or rejects with ApiError. */
  request<F extends ClientFrame>(frame: Omit<F, 'ref'>): Promise<ServerFrame> {
    const ref = `r${++this.refs}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ ...frame, ref } as ClientFrame)) return reject(new ApiError(0, 'not_connected', 'The realtime connection is not open'));
      this.pending.set(ref, { resolve, reject });
    });
  }

  /** `message.send` over the socket; resolves with the stored message (the original on a retry). */
  async sendMessage(frame: Omit<Extract<ClientFrame, { type: 'message.send' }>, 'type' | 'ref'>): Promise<MessageView> {
    const reply = await this.request({ type: 'message.send', ...frame });
    if (reply.type !== 'ack') throw new ApiError(0, 'unexpected_reply', `expected ack, got ${reply.type}`);
    return reply.message;
  }

  /** Typing, throttled: `start` at most once per interval per conversation, `stop` only after a start. */
  typing(conversationId: string, state: 'start' | 'stop', now = Date.now()): boolean {
    const last = this.typingSentAt.get(conversationId);
    if (state === 'start' && last !== undefined && now - last < (this.options.typingIntervalMs ?? 3_000)) return false;
    if (state === 'stop' && last === undefined) return false;
    if (!this.send({ type: 'typing', conversationId, state })) return false;
    if (state === 'start') this.typingSentAt.set(conversationId, now);
    else this.typingSentAt.delete(conversationId);
    return true;
  }

  /**
   * WebRTC signalling of the `local` call provider (offer, answer, ICE candidate) to another
   * participant of a live call; they get `call.signal {callId, fromUserId, data}`. Nothing
   * acknowledges a relayed signal: false when there is no open socket, and a refusal (`not_found`
   * when either is not in the call) arrives as an `error` frame.
   */
  signal(callId: string, toUserId: string, data: NonNullable<unknown> | null): boolean {
    return this.send({ type: 'call.signal', callId, toUserId, data });
  }

  /** Asks who of these is online (`presence` frames come back for those who are); false when not open. */
  queryPresence(userIds: string[]): boolean {
    let sent = userIds.length > 0;
    for (let i = 0; i < userIds.length && sent; i += PRESENCE_QUERY_SIZE)
      sent = this.send({ type: 'presence.query', userIds: userIds.slice(i, i + PRESENCE_QUERY_SIZE) });
    return sent;
  }

  read(conversationId: string, seq: number): boolean {
    return this.send({ type: 'read', conversationId, seq });
  }

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    this.setState('connecting');
    let token: string | undefined;
    try {
      const tokens = await this.options.session.tokens();
      // About to expire: refresh now rather than be refused with 4101 a moment later.
      token =
        tokens && tokens.accessExpiresAt - Date.now() < 5_000 ? (await this.options.session.refresh(tokens.accessToken)).accessToken : tokens?.accessToken;
    } catch (error) {
      if (attempt !== this.attempt) return;
      // Offline, or the API in trouble: try again with back-off; a refused refresh is final.
      if (error instanceof ApiError && error.retryable) return this.scheduleRetry(undefined, 'refresh failed');
      return this.stop(4100, error instanceof Error ? error.message : 'not signed in');
    }
    if (!token) return this.stop(4100, 'not signed in');
    if (this.state !== 'connecting' || attempt !== this.attempt) return; // disconnect() (and maybe connect()) meanwhile
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    this.socketToken = token;
    let ws: WebSocketLike;
    try {
      ws = new this.WS(url, subprotocols(token));
    } catch (error) {
      return this.stop(4100, error instanceof Error ? error.message : 'bad WebSocket URL'); // e.g. a malformed URL
    }
    this.ws = ws;
    ws.onopen = () => {
      // First frame, before `ready`: the gateway rewinds to these positions before any live message.
      this.sendResume(ws);
      this.keepalive.alive();
    };
    ws.onmessage = (event) => this.onFrame(frameText(event.data));
    ws.onerror = () => undefined; // a close event follows
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.onClose(event.code, event.reason);
    };
  }

  private onFrame(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    this.keepalive.alive();
    if (frame.type === 'ready') {
      this.backoff.reset();
      this.typingSentAt.clear();
      this.setState('open');
      this.events.emit('ready', { userId: frame.userId, connectionId: frame.connectionId });
    }
    const ref = 'ref' in frame ? frame.ref : undefined;
    const waiting = ref === undefined ? undefined : this.pending.get(ref);
    if (waiting && ref !== undefined) {
      this.pending.delete(ref);
      if (frame.type === 'error') waiting.reject(ApiError.fromFrame(frame.error));
      else waiting.resolve(frame);
    }
    this.events.emit('frame', frame);
  }

  private onClose(code: number, reason: string): void {
    this.ws = undefined;
    this.keepalive.stop();
    this.failPending();
    const action = closeAction(code);
    if (action === 'stop') return this.stop(code, reason);
    if (action === 'refresh-then-reconnect') {
      // With the token this socket used: if a request has refreshed meanwhile, that result is reused.
      void this.options.session.refresh(this.socketToken).then(
        () => this.scheduleRetry(0, reason, code),
        (error: unknown) => (error instanceof ApiError && error.retryable ? this.scheduleRetry(undefined, reason, code) : this.stop(code, reason)),
      );
      return;
    }
    this.scheduleRetry(undefined, reason, code);
  }

  private scheduleRetry(delayMs: number | undefined, reason: string, code = 1006): void {
    if (this.state === 'stopped') return;
    const wait = delayMs ?? this.backoff.next();
    this.setState('reconnecting');
    this.events.emit('closed', { code, reason, retryInMs: wait });
    this.retryTimer = setTimeout(() => void this.open(), wait);
  }

  private stop(code: number, reason: string): void {
    this.drop(1000, reason);
    this.setState('stopped');
    this.events.emit('closed', { code, reason, retryInMs: undefined });
  }

  /** Forgets the current socket at once (a dead one may take minutes to report its close). */
  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = undefined;
    this.keepalive.stop();
    this.failPending();
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close(code, reason);
    } catch {
      // already closing
    }
  }

  private failPending(): void {
    for (const p of this.pending.values()) p.reject(new ApiError(0, 'connection_lost', 'The connection closed before the reply'));
    this.pending.clear();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.emit('state', state);
  }
}
