import type { MediaView } from '../media/media-view.js';
import type { MessageView } from './message.js';

/** The conversation as clients see it in lists and in `conversation.updated`. */
export interface ConversationView {
  id: string;
  type: 'direct' | 'group';
  title: string | null;
  createdBy: string;
  createdAt: string;
  lastSeq: number;
  lastActivityAt: string;
  members?: { userId: string; role: 'owner' | 'admin' | 'member'; readSeq: number }[];
}

/**
 * Events the chat functions publish and the gateway nodes fan out. `recipients` (user ids) is the
 * membership at the moment of the change, so a member removed before a message was sent never
 * receives it, whatever order the events reach a node in.
 */
export type RealtimeEvent =
  | { type: 'message.new'; message: MessageView; recipients: string[] }
  | { type: 'message.updated'; message: MessageView; recipients: string[] }
  | { type: 'read'; conversationId: string; userId: string; seq: number; recipients: string[] }
  | { type: 'typing'; conversationId: string; userId: string; state: 'start' | 'stop' }
  | { type: 'presence'; userId: string; status: 'online' | 'offline'; lastSeenAt: string }
  | { type: 'conversation.updated'; conversation: ConversationView; recipients: string[] }
  /** A media finished processing (now downloadable, with its dimensions) or was found undecodable. */
  | { type: 'media.updated'; media: MediaView; recipients: string[] }
  /**
   * On the affected user's channel: start or stop delivering this conversation to them. A removal
   * carries the conversation as it now is (without them), which their connections get as
   * `conversation.updated`: after it nothing more of the conversation reaches them.
   */
  | { type: 'membership'; conversationId: string; userId: string; action: 'added'; lastSeq: number }
  | { type: 'membership'; conversationId: string; userId: string; action: 'removed'; lastSeq: number; conversation: ConversationView }
  /**
   * On `revocationsChannel` only: the session was ended (logout, refresh-token reuse). Every gateway
   * node closes the session's sockets (4101); its access tokens are refused from then on anyway.
   */
  | { type: 'session.revoked'; sessionId: string };
