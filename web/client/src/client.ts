import { Emitter } from './emitter.js';
import { ApiError } from './errors.js';
import { Http } from './http.js';
import { defaultWsUrl, watchNetwork } from './network.js';
import { putUpload, type UploadBody, type UploadOptions } from './media.js';
import { MemoryQueueStore, type QueueStore, type QueuedMessage } from './queue-store.js';
import { RealtimeConnection, type RealtimeOptions } from './realtime.js';
import { RestApi } from './rest.js';
import { SendQueue } from './send-queue.js';
import { Session, type FetchLike } from './session.js';
import type { WebSocketConstructor } from './socket.js';
import { ConversationStore } from './store.js';
import type { TokenStore } from './tokens.js';
import { routeFrame, type ChatClientEvents, type Presence } from './frames.js';
import type { CallView, CallWithCredentials, MediaView, MessageView, SendMessageBody } from './types.js';

export type TimelineEntry = { kind: 'message'; message: MessageView } | { kind: 'queued'; item: QueuedMessage };

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
  /** Users whose presence is shown (see watchPresence), asked for again on every connect. */
  private readonly presenceWatched = new Set<string>();
  userId: string | undefined;
  private readonly stores = new Map<string, ConversationStore>();
  private readonly fetching = new Set<string>();
  private readonly opened = new Set<string>();
  private readonly describing = new Set<string>();
  private readonly unwatch: (() => void)[] = [];
  private listPending = false;
  /** Between start() and stop(): a login (new tokens) then reconnects by itself. */
  private running = false;

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
    this.queue = new SendQueue(options.queueStore ?? new MemoryQueueStore(), (item) => this.deliver(item), { owner: () => this.userId });
    this.realtime.events.on('frame', (frame) =>
      routeFrame(
        {
          conversation: (id) => this.conversation(id),
          ready: (userId) => {
            this.userId = userId;
            for (const store of this.stores.values()) store.selfId = userId;
            // Who came online before this socket did is announced to no one now: ask.
            this.realtime.queryPresence([...this.presenceWatched]);
          },
          presence: (userId, presence) => this.presence.set(userId, presence),
          seen: (store) => this.describe(store),
          events: this.events,
        },
        frame,
      ),
    );
    this.realtime.events.on('state', (state) => {
      if (state === 'open') this.queue.wake();
      this.events.emit('state', state);
    });
    // The ack may overtake the `message.new` frames before it: held, but no gap fetch for that.
    this.queue.events.on('sent', ({ message }) => this.conversation(message.conversationId).applyNew(message, { quiet: true }));
    this.session.events.on('tokens', () => {
      if (this.running && this.realtime.status === 'stopped') this.realtime.connect();
    });
    this.session.events.on('signedOut', (e) => {
      this.realtime.disconnect();
      // The next login may be someone else: nothing of this user's view stays (their queue waits for them).
      this.userId = undefined;
      this.stores.clear();
      this.opened.clear();
      this.describing.clear();
      this.listChanged();
      this.presence.clear();
      this.presenceWatched.clear();
      this.events.emit('signedOut', e);
    });
  }

  /**
   * Users whose presence the app shows (the other members of its conversations): the gateway
   * announces changes as they happen, this asks who is online now, on this and every later connect.
   */
  watchPresence(userIds: Iterable<string>): void {
    const fresh = [...userIds].filter((id) => id !== this.userId && !this.presenceWatched.has(id));
    for (const id of fresh) this.presenceWatched.add(id);
    this.realtime.queryPresence(fresh);
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
    if (this.unwatch.length === 0 && (this.options.watchNetwork ?? typeof (globalThis as { window?: unknown }).window !== 'undefined')) {
      this.unwatch.push(
        watchNetwork((online) => {
          this.events.emit('network', { online });
          if (!online) return;
          this.realtime.retryNow();
          this.queue.wake();
        }),
      );
    }
    this.running = true;
    this.realtime.connect();
    await this.queue.start();
  }

  stop(): void {
    this.running = false;
    this.realtime.disconnect();
    for (const off of this.unwatch.splice(0)) off();
  }

  /** The store of a conversation (created empty on first use). */
  conversation(id: string): ConversationStore {
    let store = this.stores.get(id);
    if (!store) {
      this.stores.set(id, (store = new ConversationStore(id, this.userId)));
      store.events.on('gap', ({ afterSeq }) => void this.fill(id, afterSeq));
      store.events.on('change', () => this.listChanged());
      this.listChanged();
    }
    return store;
  }

  /** Every conversation known so far, most recent activity first (the conversation list). */
  list(): ConversationStore[] {
    const activity = (s: ConversationStore) => {
      const last = s.messages.get(s.lastSeq)?.createdAt ?? '';
      const listed = s.conversation?.lastActivityAt ?? '';
      return last > listed ? last : listed;
    };
    return [...this.stores.values()].sort((a, b) => activity(b).localeCompare(activity(a)));
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

  /**
   * What a conversation view shows: the stored messages in seq order, then the messages still in
   * the queue (pending or failed) in the order they were written.
   */
  timeline(id: string): TimelineEntry[] {
    const store = this.conversation(id);
    const stored = new Set<string>();
    const entries: TimelineEntry[] = store.sorted().map((message) => {
      if (message.senderId === this.userId) stored.add(message.clientMsgId);
      return { kind: 'message', message };
    });
    for (const item of this.queue.list(id)) if (!stored.has(item.clientMsgId)) entries.push({ kind: 'queued', item });
    return entries;
  }

  /** Starts a call (or gets the live one) and rings the others: the call and my provider credentials. */
  async startCall(conversationId: string, kind: 'audio' | 'video'): Promise<CallWithCredentials> {
    const res = await this.rest.startCall({ conversationId, kind });
    this.conversation(conversationId).applyCallState(res.call);
    return res;
  }

  /** Answers (or rejoins) a call: my credentials for its provider. */
  async joinCall(callId: string): Promise<CallWithCredentials> {
    const res = await this.rest.joinCall(callId);
    this.conversation(res.call.conversationId).applyCallState(res.call);
    return res;
  }

  /** Declines, leaves (the last one out ends it) or ends a call for everyone. */
  async callAction(callId: string, action: 'decline' | 'leave' | 'end'): Promise<CallView> {
    const method = ({ decline: 'declineCall', leave: 'leaveCall', end: 'endCall' } as const)[action];
    const { call } = await this.rest[method](callId);
    this.conversation(call.conversationId).applyCallState(call);
    return call;
  }

  /** Queues a message: it is persisted, gets its clientMsgId now, and goes out once (see SendQueue). */
  send(conversationId: string, body: Omit<SendMessageBody, 'clientMsgId'>): Promise<QueuedMessage> {
    return this.queue.enqueue(conversationId, body);
  }

  /**
   * A file into a conversation: grant, PUT (with progress), complete. Resolves with the media to
   * attach (`send(id, { attachments: [{ mediaId: media.id }] })`); images are then processed and a
   * `media` event says when they are ready.
   */
  async uploadMedia(conversationId: string, file: { name: string; type: string; body: UploadBody }, options: UploadOptions = {}): Promise<MediaView> {
    const size = file.body instanceof Uint8Array ? file.body.byteLength : file.body.size;
    const grant = await this.rest.requestUpload({ conversationId, fileName: file.name, contentType: file.type, size });
    await putUpload(grant.upload, file.body, options, this.options.fetch);
    return (await this.rest.completeUpload(grant.media.id)).media;
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
    for (const [id, store] of this.stores) if (store.resumeFrom !== undefined && store.isMember) positions[id] = store.resumeFrom;
    return positions;
  }

  private async deliver(item: QueuedMessage): Promise<MessageView> {
    const { conversationId, clientMsgId, text, attachments, replyToSeq } = item;
    const body = { clientMsgId, text, attachments, replyToSeq };
    if (this.realtime.status === 'open') return this.realtime.sendMessage({ conversationId, ...body });
    // No socket: REST is as idempotent (same clientMsgId), and may work while the gateway does not.
    return (await this.rest.sendMessage(conversationId, body)).message;
  }

  /** One `conversations` event per burst of changes (a resume changes many stores at once). */
  private listChanged(): void {
    if (this.listPending) return;
    this.listPending = true;
    queueMicrotask(() => {
      this.listPending = false;
      this.events.emit('conversations', undefined);
    });
  }

  /** A conversation first seen through a frame (someone started it): fetch what it is. */
  private describe(store: ConversationStore): void {
    if (store.conversation || this.describing.has(store.id)) return;
    this.describing.add(store.id);
    this.rest.getConversation(store.id).then(
      ({ conversation }) => store.applyConversation(conversation),
      () => this.describing.delete(store.id),
    );
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
}
