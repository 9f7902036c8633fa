import type { Message } from '../../domain/chat/message.js';
import type { Appended, JobsFor, MessageStore, NewMessage, RangeQuery, Sent } from '../../ports/message-store.js';
import { outboxSource } from '../../ports/outbox-store.js';
import { MemoryOutboxStore } from './outbox-store.js';
import { ComputedMessageChanges } from '../computed-message-changes.js';
import { sendThroughConversations, type SendConversations } from '../send-through-conversations.js';

interface Entry {
  message: Message;
  updatedAt: Date;
}

interface Conversation {
  /** Index i holds seq i + 1: the array itself is the gap-free sequence. */
  entries: Entry[];
  /** `senderId NUL clientMsgId` → seq. */
  byClientKey: Map<string, number>;
}

const copy = (m: Message): Message => structuredClone(m);
const clientKey = (senderId: string, clientMsgId: string) => `${senderId}\u0000${clientMsgId}`;

/**
 * MessageStore in process memory, for tests and tooling. Every method runs to completion without
 * awaiting, so appends never interleave; messages go in and out as copies.
 */
export class MemoryMessageStore extends ComputedMessageChanges implements MessageStore {
  private readonly conversations = new Map<string, Conversation>();

  readonly outbox: MemoryOutboxStore;
  private readonly members: SendConversations | undefined;

  /**
   * `outbox`: pass one in to share it (e.g. with a relay under test). `conversations`: where
   * `send` checks membership and moves activity and read markers; without it the store cannot send.
   */
  constructor(options: { outbox?: MemoryOutboxStore; conversations?: SendConversations } = {}) {
    super();
    this.outbox = options.outbox ?? new MemoryOutboxStore();
    this.members = options.conversations;
  }

  send(input: NewMessage, jobsFor?: JobsFor): Promise<Sent> {
    const repeatOf = async (m: NewMessage) => {
      const seq = this.conversations.get(m.conversationId)?.byClientKey.get(clientKey(m.senderId, m.clientMsgId));
      return seq === undefined ? undefined : this.get(m.conversationId, seq);
    };
    return sendThroughConversations(this.members, { append: (m, j) => this.append(m, j), get: (c, s) => this.get(c, s), repeatOf }, input, jobsFor);
  }

  async append(input: NewMessage, jobsFor?: JobsFor): Promise<Appended> {
    const conversation = this.conversation(input.conversationId);
    const key = clientKey(input.senderId, input.clientMsgId);
    const existing = conversation.byClientKey.get(key);
    if (existing !== undefined) return { message: copy(conversation.entries[existing - 1]!.message), created: false, outbox: [] };

    const message = copy({ ...input, seq: conversation.entries.length + 1, mentions: [], reactions: {}, editedAt: null, deletedAt: null, edits: [] });
    // Build the jobs before changing anything, so a throwing factory leaves no message behind.
    const jobs = jobsFor?.(copy(message)) ?? [];
    conversation.entries.push({ message, updatedAt: input.createdAt });
    conversation.byClientKey.set(key, message.seq);
    const outbox = this.outbox.add(outboxSource(message.conversationId, message.seq), jobs);
    return { message: copy(message), created: true, outbox };
  }

  async get(conversationId: string, seq: number): Promise<Message | undefined> {
    const entry = this.entry(conversationId, seq);
    return entry && copy(entry.message);
  }

  async range(conversationId: string, query: RangeQuery): Promise<{ items: Message[]; hasMore: boolean }> {
    const entries = this.conversations.get(conversationId)?.entries ?? [];
    // Seq s sits at index s - 1, so the bounds are array indexes.
    const from = Math.max(0, query.afterSeq ?? 0);
    const to = Math.min(entries.length, (query.beforeSeq ?? Infinity) - 1);
    if (to <= from) return { items: [], hasMore: false };
    const limit = Math.max(0, query.limit);
    const [start, end] = query.afterSeq !== undefined ? [from, Math.min(to, from + limit)] : [Math.max(from, to - limit), to];
    const hasMore = query.afterSeq !== undefined ? end < to : start > from;
    return { items: entries.slice(start, end).map((e) => copy(e.message)), hasMore };
  }

  async latest(conversationIds: readonly string[]): Promise<Map<string, Message>> {
    const latest = new Map<string, Message>();
    for (const id of conversationIds) {
      const last = this.conversations.get(id)?.entries.at(-1);
      if (last) latest.set(id, copy(last.message));
    }
    return latest;
  }

  async changedSince(conversationIds: readonly string[], since: Date, limit: number): Promise<Message[]> {
    const changed: Entry[] = [];
    for (const id of new Set(conversationIds)) {
      for (const entry of this.conversations.get(id)?.entries ?? []) if (entry.updatedAt > since) changed.push(entry);
    }
    changed.sort(
      (x, y) =>
        x.updatedAt.getTime() - y.updatedAt.getTime() ||
        (x.message.conversationId < y.message.conversationId ? -1 : x.message.conversationId > y.message.conversationId ? 1 : 0) ||
        x.message.seq - y.message.seq,
    );
    return changed.slice(0, Math.max(0, limit)).map((e) => copy(e.message));
  }

  private conversation(id: string): Conversation {
    let conversation = this.conversations.get(id);
    if (!conversation) this.conversations.set(id, (conversation = { entries: [], byClientKey: new Map() }));
    return conversation;
  }

  private entry(conversationId: string, seq: number): Entry | undefined {
    return Number.isInteger(seq) && seq >= 1 ? this.conversations.get(conversationId)?.entries[seq - 1] : undefined;
  }

  protected override async change(conversationId: string, seq: number, at: Date, apply: (m: Message) => Message): Promise<Message | undefined> {
    const entry = this.entry(conversationId, seq);
    if (!entry) return undefined;
    const next = apply(entry.message);
    if (next !== entry.message) {
      entry.message = copy(next);
      entry.updatedAt = at;
    }
    return copy(entry.message);
  }
}
