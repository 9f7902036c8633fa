import { randomUUID } from 'node:crypto';
import type { ConversationView, RealtimeEvent } from '@chat/core/domain/chat/events';
import type { MessageView } from '@chat/core/domain/chat/message';
import { NotFoundError, ValidationError } from '@chat/core/domain/errors';
import type { Caller, ChatApi, SendMessageInput } from '@chat/core/ports/chat-api';
import { conversationChannel, userChannel, type RealtimeBus } from '@chat/core/ports/realtime-bus';
import { textMessage } from './text-message.js';

/**
 * A tiny in-memory chat service for gateway tests: a stand-in for the chat use cases behind
 * ChatApi (persist, number, publish), small enough to reason about. `publish` can be replaced to
 * reorder or drop bus events, the way racing publishers and bus outages do.
 */
export class FakeChat implements ChatApi {
  readonly conversations = new Map<string, { members: Set<string>; messages: MessageView[] }>();
  historyCalls = 0;
  publish: (channel: string, event: RealtimeEvent) => Promise<void>;

  constructor(readonly bus: RealtimeBus) {
    this.publish = (channel, event) => bus.publish(channel, event);
  }

  createConversation(members: string[]): string {
    const id = `c-${randomUUID().slice(0, 8)}`;
    this.conversations.set(id, { members: new Set(members), messages: [] });
    return id;
  }

  async addMember(conversationId: string, userId: string): Promise<void> {
    const c = this.conversation(conversationId);
    c.members.add(userId);
    await this.publish(userChannel(userId), {
      type: 'membership',
      conversationId,
      userId,
      action: 'added',
      lastSeq: c.messages.length,
      conversation: this.view(conversationId),
    });
  }

  async removeMember(conversationId: string, userId: string): Promise<void> {
    const c = this.conversation(conversationId);
    c.members.delete(userId);
    await this.publish(userChannel(userId), {
      type: 'membership',
      conversationId,
      userId,
      action: 'removed',
      lastSeq: c.messages.length,
      conversation: this.view(conversationId),
    });
  }

  /** Persists a message and returns the event without publishing it (tests publish it their way). */
  persist(senderId: string, conversationId: string, text: string, clientMsgId: string = randomUUID()): { message: MessageView; event: RealtimeEvent } {
    const c = this.conversation(conversationId);
    const message = textMessage(conversationId, c.messages.length + 1, { senderId, clientMsgId, text });
    c.messages.push(message);
    return { message, event: { type: 'message.new', message, recipients: [...c.members] } };
  }

  async sendMessage(caller: Caller, input: SendMessageInput): Promise<{ message: MessageView; created: boolean }> {
    this.member(caller, input.conversationId);
    if (!input.text) throw new ValidationError('text is required', [{ field: 'text', issue: 'required' }]);
    const { message, event } = this.persist(caller.userId, input.conversationId, input.text, input.clientMsgId);
    await this.publish(conversationChannel(input.conversationId), event);
    return { message, created: true };
  }

  async markRead(caller: Caller, input: { conversationId: string; seq: number }): Promise<{ conversationId: string; seq: number }> {
    const c = this.member(caller, input.conversationId);
    const event: RealtimeEvent = { type: 'read', conversationId: input.conversationId, userId: caller.userId, seq: input.seq, recipients: [...c.members] };
    await this.publish(conversationChannel(input.conversationId), event);
    return input;
  }

  async history(caller: Caller, input: { conversationId: string; afterSeq: number; limit: number }): Promise<{ items: MessageView[]; hasMore: boolean }> {
    this.historyCalls++;
    const after = this.member(caller, input.conversationId).messages.filter((m) => m.seq > input.afterSeq);
    return { items: after.slice(0, input.limit), hasMore: after.length > input.limit };
  }

  async memberships(caller: Caller): Promise<{ conversationId: string; lastSeq: number }[]> {
    return [...this.conversations]
      .filter(([, c]) => c.members.has(caller.userId))
      .map(([conversationId, c]) => ({ conversationId, lastSeq: c.messages.length }));
  }

  /** Live calls by id → who may signal in them (tests set it; the real rules are in use-cases/calls/signal.ts). */
  readonly calls = new Map<string, Set<string>>();

  async relaySignal(caller: Caller, input: { callId: string; toUserId: string; data: unknown }): Promise<{ relayed: true }> {
    const participants = this.calls.get(input.callId);
    if (!participants?.has(caller.userId) || !participants.has(input.toUserId)) throw new NotFoundError('Call');
    await this.publish(userChannel(input.toUserId), {
      type: 'call.signal',
      callId: input.callId,
      fromUserId: caller.userId,
      toUserId: input.toUserId,
      data: input.data,
      recipients: [input.toUserId],
    });
    return { relayed: true };
  }

  /** The conversation as `conversation.updated` shows it (a group; what tests look at is `members`). */
  view(id: string): ConversationView {
    const c = this.conversation(id);
    const at = new Date(0).toISOString();
    const members = [...c.members].map((userId) => ({ userId, role: 'member' as const, readSeq: 0 }));
    return { id, type: 'group', title: null, createdBy: members[0]?.userId ?? '', createdAt: at, lastSeq: c.messages.length, lastActivityAt: at, members };
  }

  private conversation(id: string) {
    const c = this.conversations.get(id);
    if (!c) throw new NotFoundError('Conversation');
    return c;
  }

  private member(caller: Caller, conversationId: string) {
    const c = this.conversation(conversationId);
    if (!c.members.has(caller.userId)) throw new NotFoundError('Conversation');
    return c;
  }
}
