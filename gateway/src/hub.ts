import type { ConversationView, RealtimeEvent } from '@chat/core/domain/chat/events';
import { conversationChannel, userChannel, type RealtimeBus } from '@chat/core/ports/realtime-bus';
import type { Logger } from '@chat/core/runtime/logger';
import { ChannelRefs } from './channel-refs.js';
import type { Connection } from './connection.js';
import { OneOrMany } from './one-or-many.js';
import { PresenceEchoes } from './presence-echoes.js';
import { recipientCheck } from './recipients.js';
import type { DeliverableEvent } from './protocol.js';

const CONV = 'conv:';
const USER = 'user:';

/**
 * The node's local registry: which connections are here, which conversations each delivers, and
 * the bus subscriptions that follow from that (`conv:<id>` while a local member is connected,
 * `user:<id>` while the user is). Routes every bus event to exactly the local connections it is for.
 */
export class Hub {
  private readonly byId = new Map<string, Connection>();
  private readonly byUser = new OneOrMany<string, Connection>();
  private readonly bySession = new OneOrMany<string, Connection>();
  private readonly byConversation = new Map<string, Set<Connection>>();
  private readonly channels: ChannelRefs;
  private readonly presenceEchoes = new PresenceEchoes();
  /** Told when a user connected here joined or left a conversation (presence keeps their list). */
  onMembershipRecorded: ((userId: string, conversationId: string, member: boolean) => void) | undefined;

  constructor(
    bus: RealtimeBus,
    private readonly log: Logger,
  ) {
    this.channels = new ChannelRefs(bus, (channel, event) => this.dispatch(channel, event));
  }

  connections(): IterableIterator<Connection> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  /** See `ChannelRefs.epoch`: read it before reading memberships, compare with what `join` returns. */
  get subscriptionEpoch(): number {
    return this.channels.epoch;
  }

  /** Adds a connection and subscribes its user's channel (membership changes arrive there). */
  async register(conn: Connection): Promise<void> {
    // A socket that is already closing would never be unregistered.
    if (!conn.transport.isOpen()) return;
    this.byId.set(conn.id, conn);
    this.byUser.add(conn.userId, conn);
    this.bySession.add(conn.sessionId, conn);
    await this.channels.acquire(userChannel(conn.userId));
  }

  /** Starts delivering a conversation to a connection; `fresh` when the node had to subscribe for it. */
  async join(conn: Connection, conversationId: string, lastSeq: number): Promise<{ fresh: boolean; epoch: number } | undefined> {
    if (!this.byId.has(conn.id) || !conn.addConversation(conversationId, lastSeq)) return undefined;
    addTo(this.byConversation, conversationId, conn);
    return this.channels.acquire(conversationChannel(conversationId));
  }

  leave(conn: Connection, conversationId: string): void {
    if (!conn.removeConversation(conversationId)) return;
    removeFrom(this.byConversation, conversationId, conn);
    void this.channels.release(conversationChannel(conversationId)).catch((err: unknown) => this.log.warn({ err, conversationId }, 'unsubscribe failed'));
  }

  unregister(conn: Connection): void {
    if (!this.byId.delete(conn.id)) return;
    for (const conversationId of conn.conversationIds()) this.leave(conn, conversationId);
    conn.dispose();
    this.byUser.delete(conn.userId, conn);
    this.bySession.delete(conn.sessionId, conn);
    void this.channels.release(userChannel(conn.userId)).catch((err: unknown) => this.log.warn({ err, userId: conn.userId }, 'unsubscribe failed'));
  }

  /** Local connections of a login session (several devices never share one; reconnects may overlap). */
  sessionConnections(sessionId: string): Connection[] {
    return [...this.bySession.get(sessionId)];
  }

  /** Local connections delivering a conversation (for recovery after a bus reconnect). */
  members(conversationId: string): Connection[] {
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  conversationIds(): string[] {
    return [...this.byConversation.keys()];
  }

  private dispatch(channel: string, event: RealtimeEvent): void {
    try {
      if (event.type === 'membership') {
        if (channel === userChannel(event.userId)) this.onMembership(event);
      } else if (event.type === 'session.revoked') {
        // Only sent on the revocations channel, which revocations.ts subscribes to, not the hub.
        return;
      } else if (isCallEvent(event)) {
        // Calls reach every connection of the user, whichever conversations it has open (ringing).
        if (!channel.startsWith(USER)) return;
        const userId = channel.slice(USER.length);
        if (!event.recipients.includes(userId)) return;
        for (const conn of this.byUser.get(userId)) conn.deliver(event);
      } else if (event.type === 'typing') {
        // Ephemeral events go to the other members connected here; never back to the user's own devices.
        for (const conn of this.byConversation.get(event.conversationId) ?? []) if (conn.userId !== event.userId) conn.deliver(event);
      } else if (event.type === 'presence') {
        if (!channel.startsWith(CONV)) return;
        for (const conn of this.byConversation.get(channel.slice(CONV.length)) ?? [])
          if (conn.userId !== event.userId && this.presenceEchoes.firstTime(conn, event.userId, event.status, event.lastSeenAt)) conn.deliver(event);
      } else {
        this.toRecipients(channel, event);
      }
    } catch (err) {
      this.log.error({ err, channel, type: event.type }, 'dispatching a bus event failed');
    }
  }

  private toRecipients(channel: string, event: ConversationEvent): void {
    const conversationId = eventConversation(event);
    const candidates = channel.startsWith(USER) ? this.byUser.get(channel.slice(USER.length)) : this.byConversation.get(conversationId);
    if (!candidates) return;
    // `recipients` is the membership when the event happened: a member removed before it gets nothing.
    const isRecipient = recipientCheck(event.recipients);
    for (const conn of candidates) if (isRecipient(conn.userId) && conn.hasConversation(conversationId)) conn.deliver(event);
  }

  private onMembership(event: Extract<RealtimeEvent, { type: 'membership' }>): void {
    if (this.byUser.has(event.userId)) this.onMembershipRecorded?.(event.userId, event.conversationId, event.action === 'added');
    for (const conn of this.byUser.get(event.userId)) {
      conn.membershipChanged(event.conversationId, event.action);
      if (event.action === 'removed') {
        this.leave(conn, event.conversationId);
        // Tell the client, which would otherwise show the conversation as live until it reloads.
        // (Chat functions deployed before the field existed publish removals without it.)
        if (event.conversation as ConversationView | undefined) conn.send({ type: 'conversation.updated', conversation: event.conversation });
        continue;
      }
      // Messages sent between the membership change and our subscription are read from the store.
      // The conversation's own `conversation.updated` was published before we subscribed: tell the
      // client here, which would otherwise not list the conversation until a message arrives.
      void this.join(conn, event.conversationId, event.lastSeq).then(
        (joined) => {
          if (!joined) return;
          if (event.conversation as ConversationView | undefined) conn.send({ type: 'conversation.updated', conversation: event.conversation });
          conn.stream(event.conversationId)?.catchUp();
        },
        (err: unknown) => this.log.warn({ err, conversationId: event.conversationId }, 'subscribe failed'),
      );
    }
  }
}

type CallEvent = Extract<DeliverableEvent, { type: `call.${string}` }>;
type ConversationEvent = Exclude<DeliverableEvent, { type: 'presence' | 'typing' } | CallEvent>;
const isCallEvent = (event: RealtimeEvent): event is CallEvent => event.type.startsWith('call.');

function eventConversation(event: ConversationEvent): string {
  switch (event.type) {
    case 'conversation.updated':
      return event.conversation.id;
    case 'read':
      return event.conversationId;
    case 'media.updated':
      return event.media.conversationId;
    default:
      return event.message.conversationId;
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}
