import type { MessageView } from '@chat/core/domain/chat/message';
import type { Caller, ChatApi } from '@chat/core/ports/chat-api';
import { SerialQueue } from '@chat/core/runtime/keyed-serial-queue';
import type { Logger } from '@chat/core/runtime/logger';
import { ConversationStream, type StreamDeps } from './conversation-stream.js';
import type { GatewayLimits } from './limits.js';
import type { GatewayMetrics } from './metrics.js';
import { encodedEventFrame, encodeFrame, messageNewFrame, type EncodedFrame } from './frames.js';
import { CloseCode, type DeliverableEvent, type ServerFrame } from './protocol.js';
import { TokenBucket } from './rate-limit.js';
import type { Transport } from './transport.js';

export interface ConnectionDeps {
  chat: ChatApi;
  limits: GatewayLimits;
  metrics: GatewayMetrics;
  log: Logger;
}

/**
 * Where a connection is in its life: `loading` (memberships being read and subscribed; frames it
 * is given wait for `ready`), `ready` (frames go out as they come), `closed` (removed from the hub).
 * Moves only forward: loading → ready (`markReady`), loading or ready → closed (`dispose`).
 */
type ConnectionState =
  | {
      phase: 'loading';
      /** Frames (live messages) produced meanwhile; they follow `ready`. */
      queued: EncodedFrame[];
      /** Conversations the user left meanwhile (made on the first): the memberships being read may still list them. */
      removed?: Set<string>;
    }
  | { phase: 'ready' }
  | { phase: 'closed' };

export type ConnectionPhase = ConnectionState['phase'];

/** One authenticated client socket: its conversations, their delivery streams and what it was sent. */
export class Connection {
  readonly frames: TokenBucket;
  private state: ConnectionState = { phase: 'loading', queued: [] };
  private readonly streams = new Map<string, ConversationStream>();
  private readonly ordered = new SerialQueue();
  /** Shared by all of this connection's streams, made with the first. */
  private streamDeps: StreamDeps | undefined;

  constructor(
    readonly id: string,
    readonly caller: Caller,
    /** The login session of the access token (`sid`): revoking it closes this connection. */
    readonly sessionId: string,
    readonly transport: Transport,
    private readonly deps: ConnectionDeps,
  ) {
    this.frames = new TokenBucket(deps.limits.framesPerSecond, deps.limits.frameBurst);
  }

  /** Runs client actions one after another, in arrival order. */
  inOrder<T>(op: () => Promise<T>): Promise<T> {
    return this.ordered.run(op);
  }

  get userId(): string {
    return this.caller.userId;
  }

  get phase(): ConnectionPhase {
    return this.state.phase;
  }

  /** True once `ready` went out, until the connection is closed. */
  get ready(): boolean {
    return this.state.phase === 'ready';
  }

  /** Notes a membership change while loading, so a removal is not undone by a stale membership list. */
  membershipChanged(conversationId: string, action: 'added' | 'removed'): void {
    if (this.state.phase !== 'loading') return;
    if (action === 'removed') (this.state.removed ??= new Set()).add(conversationId);
    else this.state.removed?.delete(conversationId);
  }

  /** Whether the user left the conversation while this connection was loading. */
  removedWhileLoading(conversationId: string): boolean {
    return this.state.phase === 'loading' && this.state.removed?.has(conversationId) === true;
  }

  send(frame: ServerFrame): boolean {
    return this.sendEncoded(encodeFrame(frame));
  }

  private sendEncoded(out: EncodedFrame): boolean {
    if (this.state.phase === 'loading') {
      if (this.state.queued.length >= this.deps.limits.maxPendingFrames) return this.overloaded('too many pending frames');
      this.state.queued.push(out);
      return true;
    }
    const sent = this.transport.send(out.wire);
    if (sent) this.deps.metrics.frameOut(out.frame.type);
    return sent;
  }

  /** Sends `ready`, then whatever was produced while loading. */
  markReady(resumeFrom: ReadonlyMap<string, number> = new Map()): void {
    if (this.state.phase !== 'loading') return;
    const { queued } = this.state;
    this.state = { phase: 'ready' };
    // A `resume` that came before `ready` replays these conversations from the client's position,
    // so the live messages queued meanwhile are dropped here and go out in order with the replay.
    for (const [conversationId, position] of resumeFrom) this.streams.get(conversationId)?.rewind(position);
    this.send({ type: 'ready', userId: this.userId, connectionId: this.id });
    for (const out of queued) {
      const frame = out.frame;
      if (frame.type === 'message.new' && frame.message.seq > (resumeFrom.get(frame.message.conversationId) ?? Infinity)) continue;
      this.sendEncoded(out);
    }
  }

  close(code: number, reason: string): void {
    this.transport.close(code, reason);
  }

  conversationIds(): string[] {
    return [...this.streams.keys()];
  }

  hasConversation(conversationId: string): boolean {
    return this.streams.has(conversationId);
  }

  stream(conversationId: string): ConversationStream | undefined {
    return this.streams.get(conversationId);
  }

  /** Starts delivering a conversation's messages after `lastSeq`; undefined if already delivering. */
  addConversation(conversationId: string, lastSeq: number): ConversationStream | undefined {
    if (this.streams.has(conversationId)) return undefined;
    this.streamDeps ??= {
      emit: (message, live) => this.emitMessage(message, live),
      fetch: (id, afterSeq, limit) => this.deps.chat.history(this.caller, { conversationId: id, afterSeq, limit }),
      whenWritable: () => this.transport.whenWritable(),
      onHeld: () => this.checkPending(),
      onError: (error, id) => this.deps.log.warn({ err: error, conversationId: id, connectionId: this.id }, 'reading missed messages failed'),
      gapWaitMs: this.deps.limits.gapWaitMs,
      pageSize: this.deps.limits.historyPageSize,
    };
    const stream = new ConversationStream(this.streamDeps, conversationId, lastSeq);
    this.streams.set(conversationId, stream);
    return stream;
  }

  /** Stops delivering a conversation at once, including messages held back for it. */
  removeConversation(conversationId: string): boolean {
    const stream = this.streams.get(conversationId);
    if (!stream) return false;
    stream.dispose();
    this.streams.delete(conversationId);
    return true;
  }

  deliver(event: DeliverableEvent): void {
    if (event.type === 'message.new') {
      this.streams.get(event.message.conversationId)?.push(event.message);
    } else {
      // Presence echoes from several shared conversations are dropped by the hub (PresenceEchoes).
      this.sendEncoded(encodedEventFrame(event));
    }
  }

  dispose(): void {
    this.state = { phase: 'closed' };
    for (const stream of this.streams.values()) stream.dispose();
    this.streams.clear();
  }

  private emitMessage(message: MessageView, live: boolean): void {
    const out = messageNewFrame(message);
    if (this.sendEncoded(out) && live) this.deps.metrics.delivered(out.createdAtMs);
  }

  private checkPending(): void {
    let pending = 0;
    for (const stream of this.streams.values()) pending += stream.heldCount;
    if (pending > this.deps.limits.maxPendingFrames) this.overloaded('too many pending messages');
  }

  private overloaded(reason: string): false {
    if (this.transport.isOpen()) {
      this.deps.metrics.slowConsumerCloses++;
      this.close(CloseCode.overloaded, reason);
    }
    return false;
  }
}
