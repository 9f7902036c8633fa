import type { Emitter } from './emitter.js';
import type { ConnectionState } from './realtime.js';
import type { CallEvent, ConversationStore } from './store.js';
import type { ConversationView, MediaView, ServerFrame } from './types.js';

export interface Presence {
  status: 'online' | 'offline';
  lastSeenAt: string;
}

export interface ChatClientEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** The conversation list changed (a conversation appeared, or one of them changed): see `list()`. */
  conversations: void;
  /** `navigator.onLine` changed (the browser says so; the socket state follows). */
  network: { online: boolean };
  presence: { userId: string; presence: Presence };
  conversation: ConversationView;
  media: MediaView;
  call: CallEvent;
  /** A frame the SDK does not route itself (`call.signal`, `resumed`, `pong`, `ack`, `error`…). */
  frame: ServerFrame;
  signedOut: { reason: string };
}

const POSITIONS = 'positions.';

/** What a frame may change: the client's stores, its user, presence, and its events. */
export interface FrameSink {
  conversation(id: string): ConversationStore;
  ready(userId: string): void;
  presence(userId: string, presence: Presence): void;
  /** A conversation a frame talked about (to fetch what it is if it is new). */
  seen(store: ConversationStore): void;
  events: Emitter<ChatClientEvents>;
}

/** Puts a server frame where it belongs; frames the SDK does not route go out as `frame`. */
export function routeFrame(sink: FrameSink, frame: ServerFrame): void {
  switch (frame.type) {
    case 'ready':
      sink.ready(frame.userId);
      return;
    case 'message.new': {
      const store = sink.conversation(frame.message.conversationId);
      store.applyNew(frame.message);
      sink.seen(store);
      return;
    }
    case 'message.updated':
      sink.conversation(frame.message.conversationId).applyUpdate(frame.message);
      return;
    case 'read':
      sink.conversation(frame.conversationId).applyRead(frame.userId, frame.seq);
      return;
    case 'typing':
      sink.conversation(frame.conversationId).applyTyping(frame.userId, frame.state);
      return;
    case 'presence': {
      const presence = { status: frame.status, lastSeenAt: frame.lastSeenAt };
      sink.presence(frame.userId, presence);
      sink.events.emit('presence', { userId: frame.userId, presence });
      return;
    }
    case 'conversation.updated':
      sink.conversation(frame.conversation.id).applyConversation(frame.conversation);
      sink.events.emit('conversation', frame.conversation);
      return;
    case 'media.updated':
      sink.events.emit('media', frame.media);
      return;
    case 'error':
      // A resume naming conversations I am no longer in: each is a detail `positions.<id>`.
      if (frame.error.code === 'not_found')
        for (const d of frame.error.details) if (d.field?.startsWith(POSITIONS)) sink.conversation(d.field.slice(POSITIONS.length)).markNotMember();
      break;
  }
  if ('call' in frame) {
    sink.conversation(frame.call.conversationId).applyCall(frame);
    sink.events.emit('call', frame);
    return;
  }
  sink.events.emit('frame', frame);
}
