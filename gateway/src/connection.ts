import type { MessageView } from '@chat/core/domain/chat/message';
import type { Caller, ChatApi } from '@chat/core/ports/chat-api';
import type { Logger } from '@chat/core/runtime/logger';
import { ConversationStream } from './conversation-stream.js';
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

/** One authenticated client socket: its conversations, their delivery streams and what it was sent. */
export class Connection {
  readonly frames: TokenBucket;
  /** False once a ping went unanswered for a whole period. */
  alive = true;
  private readonly streams = new Map<string, ConversationStream>();
  /** userId → last presence sent, so one change arriving on several conversation channels goes out once. */
  private readonly presenceSent = new Map<string, string>();
  /** Set once `ready` went out. */
  ready = false;
  /** Conversations the user left while the connection was still loading its memberships. */
  readonly removedBeforeReady = new Set<string>();
  private orderedTail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly caller: Caller,
    readonly transport: Transport,
    private readonly deps: ConnectionDeps,
  ) {
    this.frames = new TokenBucket(deps.limits.framesPerSecond, deps.limits.frameBurst);
  }

  /** Runs client actions one after another, in arrival order. */
  inOrder<T>(op: () => Promise<T>): Promise<T> {
    const result = this.orderedTail.then(op);
    this.orderedTail = result.catch(() => undefined);
    return result;
  }

  get userId(): string {
    return this.caller.userId;
  }

  /** Frames (live messages) produced while the connection was loading; they follow `ready`. */
  private beforeReady: EncodedFrame[] | undefined = [];

  send(frame: ServerFrame): boolean {
    return this.sendEncoded(encodeFrame(frame));
  }

  private sendEncoded(out: EncodedFrame): boolean {
    if (this.beforeReady) {
      if (this.beforeReady.length >= this.deps.limits.maxPendingFrames) return this.overloaded('too many pending frames');
      this.beforeReady.push(out);
      return true;
    }
    const sent = this.transport.send(out.wire);
    if (sent) this.deps.metrics.frameOut(out.frame.type);
    return sent;
  }

  /** Sends `ready`, then whatever was produced while loading. */
  markReady(resumeFrom: ReadonlyMap<string, number> = new Map()): void {
    const queued = this.beforeReady ?? [];
    this.beforeReady = undefined;
    this.ready = true;
    this.removedBeforeReady.clear();
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
    const stream = new ConversationStream(
      {
        emit: (message, live) => this.emitMessage(message, live),
        fetch: (afterSeq, limit) => this.deps.chat.history(this.caller, { conversationId, afterSeq, limit }),
        whenWritable: () => this.transport.whenWritable(),
        onHeld: () => this.checkPending(),
        onError: (error) => this.deps.log.warn({ err: error, conversationId, connectionId: this.id }, 'reading missed messages failed'),
        gapWaitMs: this.deps.limits.gapWaitMs,
        pageSize: this.deps.limits.historyPageSize,
      },
      lastSeq,
    );
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
    } else if (event.type === 'presence') {
      const key = `${event.status}@${event.lastSeenAt}`;
      if (this.presenceSent.get(event.userId) === key) return;
      this.presenceSent.set(event.userId, key);
      this.sendEncoded(encodedEventFrame(event));
    } else {
      this.sendEncoded(encodedEventFrame(event));
    }
  }

  dispose(): void {
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
