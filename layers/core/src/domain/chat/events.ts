import type { CallView } from '../calls/call.js';
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
   * On the affected user's channel: start or stop delivering this conversation to them. Both carry
   * the conversation as it now is, which their connections get as `conversation.updated`: after an
   * addition once subscribed (the one on the conversation's channel may come before that), after a
   * removal (without them) as the last thing of the conversation that reaches them.
   */
  | { type: 'membership'; conversationId: string; userId: string; action: 'added'; lastSeq: number; conversation: ConversationView }
  | { type: 'membership'; conversationId: string; userId: string; action: 'removed'; lastSeq: number; conversation: ConversationView }
  /**
   * Calls, on each member's user channel (every device, whichever conversations it has open):
   * `call.ringing` to the callees when a call starts, `call.accepted` once someone answered,
   * `call.declined` when a callee declined (the call ends if nobody else is left to answer),
   * `call.ended` once, when it ended; `call.updated` when who is in the call changed.
   */
  | { type: 'call.ringing' | 'call.accepted' | 'call.ended' | 'call.updated'; call: CallView; recipients: string[] }
  | { type: 'call.declined'; call: CallView; userId: string; recipients: string[] }
  /**
   * WebRTC signalling of the `local` provider (offer, answer, ICE candidates), relayed by the
   * gateway between participants of a live call, on the addressee's user channel.
   */
  | { type: 'call.signal'; callId: string; fromUserId: string; toUserId: string; data: unknown; recipients: string[] }
  /**
   * On `revocationsChannel` only: the session was ended (logout, refresh-token reuse). Every gateway
   * node closes the session's sockets (4101); its access tokens are refused from then on anyway.
   */
  | { type: 'session.revoked'; sessionId: string };
