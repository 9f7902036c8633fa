import { Emitter } from './emitter.js';
import { ApiError } from './errors.js';
import { Http } from './http.js';
import { MemoryQueueStore, type QueueStore, type QueuedMessage } from './queue-store.js';
import { RealtimeConnection, type ConnectionState, type RealtimeOptions } from './realtime.js';
import { RestApi } from './rest.js';
import { SendQueue } from './send-queue.js';
import { Session, type FetchLike } from './session.js';
import type { WebSocketConstructor } from './socket.js';
import { ConversationStore, type CallEvent } from './store.js';
import type { TokenStore } from './tokens.js';
import type { ConversationView, MediaView, MessageView, SendMessageBody, ServerFrame } from './types.js';

export interface ChatClientOptions {
  /** Where `/v1` is served, e.g. `http://127.0.0.1:8080` (or `''`/`location.origin` in the web app). */
  baseUrl: string;
  /** Default: `baseUrl` with ws(s):// and `/ws`. A function can pick another node after a failure. */
  wsUrl?: string | (() => string);
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructor;
  tokenStore?: TokenStore;
  /** Default: memory. In the browser pass `new IndexedDbQueueStore()` to keep sends across reloads. */
  queueStore?: QueueStore;
  realtime?: Partial<Pick<RealtimeOptions, 'backoff' | 'pingIntervalMs' | 'pongTimeoutMs' | 'typingIntervalMs'>>;
  /** Listen to the browser's online/offline events (default: when there is a `window`). */
  watchNetwork?: boolean;
}

export interface Presence {
  status: 'online' | 'offline';
  lastSeenAt: string;
}

export interface ChatClientEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** `navigator.onLine` changed (the browser says so; the socket state follows). */
  network: { online: boolean };
  presence: { userId: string; presence: Presence };
  conversation: ConversationView;
  media: MediaView;
  call: CallEvent;
  /** A frame the SDK does not interpret itself. */
  frame: ServerFrame | { type: string; [field: string]: unknown };
  signedOut: { reason: string };
}

const CALL_PREFIX = 'call.';

/**
 * The whole client: REST, the realtime connection, the send queue and one store per conversation,
 * wired together so that every `message.new` lands in its store once and in seq order, gaps are
 * fetched over REST, reconnects resume from the stores' positions, and queued messages go out when
 * the connection is (back) up.
 */
export class ChatClient {
  readonly events = new Emitter<ChatClientEvents>();
  readonly session: Session;
  readonly rest: RestApi;
  readonly realtime: RealtimeConnection;
  readonly queue: SendQueue;
  readonly presence = new Map<string, Presence>();
  userId: string | undefined;
  private readonly stores = new Map<string, ConversationStore>();
  private readonly fetching = new Set<string>();
  private readonly opened = new Set<string>();
  private readonly unwatch: (() => void)[] = [];

  constructor(private readonly options: ChatClientOptions) {
    const fetcher: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.session = new Session(options.baseUrl, fetcher, options.tokenStore);
    this.rest = new RestApi(new Http(options.baseUrl, fetcher, this.session));
    this.realtime = new RealtimeConnection({
      url: options.wsUrl ?? defaultWsUrl(options.baseUrl),
      session: this.session,
      WebSocket: options.WebSocket,
      positions: () => this.positions(),
      ...options.realtime,
    });
    this.queue = new SendQueue(options.queueStore ?? new MemoryQueueStore(), (item) => this.deliver(item));
    this.realtime.events.on('frame', (frame) => this.onFrame(frame));
    this.realtime.events.on('state', (state) => {
      if (state === 'open') this.queue.wake();
      this.events.emit('state', state);
    });
    // The ack may overtake the `message.new` frames before it: held, but no gap fetch for that.
    this.queue.events.on('sent', ({ message }) => this.conversation(message.conversationId).applyNew(message, { quiet: true }));
    this.session.events.on('signedOut', (e) => {
      this.realtime.disconnect();
      this.events.emit('signedOut', e);
    });
  }

  /** Connects (if signed in) and starts sending what the queue holds. */
  async start(): Promise<void> {
    if (this.userId === undefined && (await this.session.tokens())) {
      // Offline at start is fine: `ready` tells the user id too.
      this.userId = await this.rest.me().then(
        (r) => r.user.id,
        () => undefined,
      );
    }
    for (const store of this.stores.values()) store.selfId = this.userId;
    this.watchNetwork();
    this.realtime.connect();
    await this.queue.start();
  }

  stop(): void {
    this.realtime.disconnect();
    for (const off of this.unwatch.splice(0)) off();
  }

  /** The store of a conversation (created empty on first use). */
  conversation(id: string): ConversationStore {
    let store = this.stores.get(id);
    if (!store) {
      this.stores.set(id, (store = new ConversationStore(id, this.userId)));
      store.events.on('gap', ({ afterSeq }) => void this.fill(id, afterSeq));
    }
    return store;
  }

  /** Lists conversations (one page) and seeds their stores with counts and last messages. */
  async loadConversations(cursor?: string) {
    const page = await this.rest.listConversations(cursor ? { cursor } : {});
    for (const item of page.items) this.conversation(item.id).applyListItem(item);
    return page;
  }

  /** Loads the newest page of a conversation if nothing of it is held yet. */
  async open(id: string, limit = 50): Promise<ConversationStore> {
    const store = this.conversation(id);
    if (!this.opened.has(id)) {
      // No seq bounds: the newest page.
      store.applyHistory((await this.rest.listMessages(id, { limit })).items);
      this.opened.add(id);
    }
    return store;
  }

  /** One page older than what is held (infinite scroll). */
  async loadOlder(id: string, limit = 50): Promise<boolean> {
    const store = this.conversation(id);
    if (!store.hasOlder) return false;
    const page = await this.rest.listMessages(id, { limit, ...(store.oldest !== undefined ? { beforeSeq: store.oldest } : {}) });
    store.applyHistory(page.items);
    return page.hasMore;
  }

  /** Queues a message: it is persisted, gets its clientMsgId now, and goes out once (see SendQueue). */
  send(conversationId: string, body: Omit<SendMessageBody, 'clientMsgId'>): Promise<QueuedMessage> {
    return this.queue.enqueue(conversationId, body);
  }

  /** Moves my read marker (over the socket when open, else REST) and updates the store at once. */
  async markRead(conversationId: string, seq: number): Promise<void> {
    if (this.userId) this.conversation(conversationId).applyRead(this.userId, seq);
    if (!this.realtime.read(conversationId, seq)) await this.rest.markRead(conversationId, seq);
  }

  typing(conversationId: string, state: 'start' | 'stop'): void {
    this.realtime.typing(conversationId, state);
  }

  /** Per conversation, the seq to resume from (what the stores hold). */
  positions(): Record<string, number> {
    const positions: Record<string, number> = {};
    for (const [id, store] of this.stores) if (store.resumeFrom !== undefined) positions[id] = store.resumeFrom;
    return positions;
  }

  private async deliver(item: QueuedMessage): Promise<MessageView> {
    const { conversationId, clientMsgId, text, attachments, replyToSeq } = item;
    const body = { clientMsgId, text, attachments, replyToSeq };
    if (this.realtime.status === 'open') return this.realtime.sendMessage({ conversationId, ...body });
    // No socket: REST is as idempotent (same clientMsgId), and may work while the gateway does not.
    return (await this.rest.sendMessage(conversationId, body)).message;
  }

  /** Fetches the messages after `afterSeq` until the store's range is contiguous again. */
  private async fill(id: string, afterSeq: number): Promise<void> {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    const store = this.conversation(id);
    try {
      for (let after = afterSeq; ; ) {
        const page = await this.rest.listMessages(id, { afterSeq: after, limit: 200 });
        store.applyHistory(page.items);
        const last = page.items.at(-1)?.seq;
        if (!page.hasMore || last === undefined) break;
        after = last;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Offline or refused: the next resume or gap tries again.
    } finally {
      this.fetching.delete(id);
    }
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready':
        this.userId = frame.userId;
        for (const store of this.stores.values()) store.selfId = frame.userId;
        return;
      case 'message.new':
        this.conversation(frame.message.conversationId).applyNew(frame.message);
        return;
      case 'message.updated':
        this.conversation(frame.message.conversationId).applyUpdate(frame.message);
        return;
      case 'read':
        this.conversation(frame.conversationId).applyRead(frame.userId, frame.seq);
        return;
      case 'typing':
        this.conversation(frame.conversationId).applyTyping(frame.userId, frame.state);
        return;
      case 'presence': {
        const presence = { status: frame.status, lastSeenAt: frame.lastSeenAt };
        this.presence.set(frame.userId, presence);
        this.events.emit('presence', { userId: frame.userId, presence });
        return;
      }
      case 'conversation.updated':
        this.conversation(frame.conversation.id).applyConversation(frame.conversation);
        this.events.emit('conversation', frame.conversation);
        return;
      case 'media.updated':
        this.events.emit('media', frame.media);
        return;
    }
    const loose = frame as { type: string; conversationId?: unknown };
    if (loose.type.startsWith(CALL_PREFIX) && typeof loose.conversationId === 'string') {
      const call = loose as CallEvent;
      this.conversation(call.conversationId).applyCall(call);
      this.events.emit('call', call);
      return;
    }
    this.events.emit('frame', frame);
  }

  private watchNetwork(): void {
    const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void; removeEventListener?: (type: string, fn: () => void) => void };
    if (!(this.options.watchNetwork ?? typeof (globalThis as { window?: unknown }).window !== 'undefined') || !target.addEventListener) return;
    const online = () => {
      this.events.emit('network', { online: true });
      this.realtime.retryNow();
      this.queue.wake();
    };
    const offline = () => this.events.emit('network', { online: false });
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    this.unwatch.push(() => {
      target.removeEventListener?.('online', online);
      target.removeEventListener?.('offline', offline);
    });
  }
}

/** `http(s)://host[:port][/prefix]` → `ws(s)://host[:port][/prefix]/ws`. */
export function defaultWsUrl(baseUrl: string): string {
  const base = baseUrl || (globalThis as { location?: { origin: string } }).location?.origin || '';
  const url = new URL(base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/ws`;
  return url.toString();
}
