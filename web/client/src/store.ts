import { Emitter } from './emitter.js';
import type { ConversationListItem, ConversationView, MessageView } from './types.js';

/** A call event as the gateway will send it (`call.ringing|accepted|declined|ended`); kept generic. */
export interface CallEvent {
  type: string;
  conversationId: string;
  [field: string]: unknown;
}

export interface ConversationEvents extends Record<string, unknown> {
  /** Anything changed (re-render). */
  change: void;
  /** Seqs in (afterSeq, beforeSeq) are missing: fetch them (`ChatClient` does, over REST). */
  gap: { afterSeq: number; beforeSeq: number };
}

const TYPING_TTL_MS = 6_000;

/**
 * What one conversation looks like to this user: messages by seq (each once, whatever the order
 * and repetition they arrive in), edits/deletions/reactions applied, read markers, unread and
 * mention counts, who is typing, and call events. `position` is the newest seq up to which the
 * store has every message: what `resume` sends and where a gap fetch starts.
 */
export class ConversationStore {
  readonly events = new Emitter<ConversationEvents>();
  readonly messages = new Map<number, MessageView>();
  /** Read marker per member (the highest seq each has read). */
  readonly readSeqs = new Map<string, number>();
  readonly calls: CallEvent[] = [];
  conversation: ConversationView | undefined;
  /** Newest seq with every message from `oldest` to it held; undefined until something is held. */
  position: number | undefined;
  /** The oldest seq held; 1 means the whole history is here. */
  oldest: number | undefined;
  lastSeq = 0;
  /** The conversation's last seq when it was listed, before any message was held. */
  private listedSeq: number | undefined;
  unreadMentions = 0;
  muted = false;
  private readonly typing = new Map<string, number>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: string,
    public selfId: string | undefined,
  ) {}

  /** Seeds from the conversation list (counts, markers) without holding any message yet. */
  applyListItem(item: ConversationListItem): void {
    this.applyConversation(item);
    if (this.selfId) this.bumpRead(this.selfId, item.readSeq);
    this.unreadMentions = item.unreadMentions;
    this.muted = item.muted;
    if (item.lastMessage && this.position === undefined) this.applyHistory([item.lastMessage]);
    this.changed();
  }

  applyConversation(conversation: ConversationView): void {
    this.conversation = conversation;
    this.lastSeq = Math.max(this.lastSeq, conversation.lastSeq);
    if (this.position === undefined) this.listedSeq = Math.max(this.listedSeq ?? 0, conversation.lastSeq);
    for (const m of conversation.members ?? []) this.bumpRead(m.userId, m.readSeq);
    this.changed();
  }

  /**
   * History from REST (any page, ascending). A page that starts right after `position` (or ends
   * right before `oldest`) extends the contiguous range.
   */
  applyHistory(items: MessageView[]): void {
    for (const m of items) this.insert(m, true);
    this.advance();
    this.changed();
  }

  /**
   * `message.new`: returns false for a message already held (a resume overlap, a resend). `quiet`:
   * no gap event (an ack, whose predecessors are on their way over the socket).
   */
  applyNew(message: MessageView, options: { quiet?: boolean } = {}): boolean {
    if (this.messages.has(message.seq)) return false;
    // The author stopped typing the moment the message went out.
    this.typing.delete(message.senderId);
    const after = this.resumeFrom;
    this.insert(message, false);
    if (!options.quiet && after !== undefined && message.seq > after + 1) this.events.emit('gap', { afterSeq: after, beforeSeq: message.seq });
    this.advance();
    if (message.senderId !== this.selfId && this.selfId && message.mentions.includes(this.selfId) && message.seq > this.myReadSeq) this.unreadMentions++;
    this.changed();
    return true;
  }

  /** `message.updated`: an edit, a deletion (tombstone) or reactions: the message as it now is. */
  applyUpdate(message: MessageView): void {
    const held = this.messages.get(message.seq);
    if (!held && (this.oldest === undefined || message.seq < this.oldest)) return; // outside what we show
    this.messages.set(message.seq, message);
    this.changed();
  }

  applyRead(userId: string, seq: number): void {
    if (!this.bumpRead(userId, seq)) return;
    if (userId === this.selfId) this.unreadMentions = this.sorted().filter((m) => m.seq > seq && this.mentionsMe(m)).length;
    this.changed();
  }

  applyTyping(userId: string, state: 'start' | 'stop', now = Date.now()): void {
    if (userId === this.selfId) return;
    if (state === 'start') this.typing.set(userId, now + TYPING_TTL_MS);
    else this.typing.delete(userId);
    this.scheduleTypingExpiry(now);
    this.changed();
  }

  applyCall(event: CallEvent): void {
    this.calls.push(event);
    this.changed();
  }

  /**
   * Where this conversation stands for `resume`: the newest contiguous seq held, or, before any
   * message is held, its last seq when listed. Undefined: nothing known, nothing to resume.
   */
  get resumeFrom(): number | undefined {
    return this.position ?? this.listedSeq;
  }

  /** Messages in seq order. */
  sorted(): MessageView[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  get myReadSeq(): number {
    return this.selfId ? (this.readSeqs.get(this.selfId) ?? 0) : 0;
  }

  /** Messages after my read marker, not counting my own (those are read by definition). */
  get unread(): number {
    const read = this.myReadSeq;
    const own = [...this.messages.values()].filter((m) => m.seq > read && m.senderId === this.selfId).length;
    return Math.max(0, this.lastSeq - read - own);
  }

  /** Members whose marker has reached `seq` ("seen by"), without me. */
  seenBy(seq: number): string[] {
    return [...this.readSeqs].filter(([userId, read]) => read >= seq && userId !== this.selfId).map(([userId]) => userId);
  }

  typingUsers(now = Date.now()): string[] {
    return [...this.typing].filter(([, until]) => until > now).map(([userId]) => userId);
  }

  /** Whether there is older history than what is held. */
  get hasOlder(): boolean {
    return this.oldest === undefined ? this.lastSeq > 0 : this.oldest > 1;
  }

  private insert(message: MessageView, fromHistory: boolean): void {
    const held = this.messages.get(message.seq);
    // History may be older than an update already applied; keep the newer view.
    if (held && fromHistory && (held.editedAt ?? held.deletedAt ?? '') > (message.editedAt ?? message.deletedAt ?? '')) return;
    this.messages.set(message.seq, message);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    if (this.position === undefined || this.oldest === undefined) this.position = this.oldest = message.seq;
  }

  private advance(): void {
    if (this.position === undefined) return;
    while (this.messages.has(this.position + 1)) this.position++;
    if (this.oldest !== undefined) while (this.messages.has(this.oldest - 1)) this.oldest--;
  }

  private bumpRead(userId: string, seq: number): boolean {
    if ((this.readSeqs.get(userId) ?? -1) >= seq) return false;
    this.readSeqs.set(userId, seq);
    return true;
  }

  private mentionsMe(m: MessageView): boolean {
    return this.selfId !== undefined && m.senderId !== this.selfId && m.mentions.includes(this.selfId);
  }

  private scheduleTypingExpiry(now: number): void {
    clearTimeout(this.typingTimer);
    const next = Math.min(...this.typing.values());
    if (!Number.isFinite(next)) return;
    this.typingTimer = setTimeout(
      () => {
        const at = Date.now();
        for (const [userId, until] of this.typing) if (until <= at) this.typing.delete(userId);
        this.scheduleTypingExpiry(at);
        this.changed();
      },
      Math.max(0, next - now),
    );
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }
}
