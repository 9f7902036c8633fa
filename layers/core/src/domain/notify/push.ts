import type { Platform } from '../auth/device.js';
import type { Attachment } from '../chat/message.js';

/**
 * A visible notification about a new message. Provider-neutral; the FCM adapter maps it to an
 * FCM HTTP v1 message (Android and, through FCM's APNs bridge, iOS).
 */
export interface AlertPush {
  kind: 'alert';
  title: string;
  body: string;
  /** What the app needs to open the message; FCM wants string values. */
  data: { type: 'message'; conversationId: string; seq: string; messageId: string };
  /** One conversation's notifications replace each other on Android and group together on iOS. */
  threadId: string;
}

/** A silent data push that wakes a mobile app so it fetches `/v1/sync`. */
export interface SyncPush {
  kind: 'sync';
  data: { type: 'sync' };
}

/**
 * A call's push: `ring` (high priority, shown as an incoming call) to callees who are offline, and
 * `cancel` (silent) once it was answered elsewhere or ended. Both carry the same collapse id, so a
 * phone that was offline through the whole call gets only the cancel.
 */
export interface CallPush {
  kind: 'call';
  action: 'ring' | 'cancel';
  /** Shown for `ring` only. */
  title: string | null;
  body: string | null;
  data: { type: 'call'; action: 'ring' | 'cancel'; callId: string; conversationId: string; callKind: 'audio' | 'video'; callerId: string };
  collapseId: string;
}

export type PushNotification = AlertPush | SyncPush | CallPush;

export const SYNC_PUSH: SyncPush = Object.freeze({ kind: 'sync', data: Object.freeze({ type: 'sync' }) }) as SyncPush;

/** Silent pushes only make sense where an app can wake up in the background. */
export const isMobile = (platform: Platform) => platform === 'android' || platform === 'ios';

/** Long enough for a lock-screen preview, short enough to stay far below the 4 KB payload limit. */
export const PREVIEW_LENGTH = 120;

/** Collapses whitespace and cuts at `max` characters (code points, so no emoji is split), adding "…". */
export function preview(text: string, max = PREVIEW_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export interface AlertInput {
  conversation: { id: string; type: 'direct' | 'group'; title: string | null };
  senderName: string;
  message: { id: string; seq: number; text: string | null; attachments: Attachment[] };
}

/**
 * Direct: the sender is the title and the text the body. Group: the group is the title and the body
 * says who wrote. A message without text announces its attachment.
 */
export function messageAlert({ conversation, senderName, message }: AlertInput): AlertPush {
  const text = message.text?.trim() ? preview(message.text) : null;
  const group = conversation.type === 'group';
  let body: string;
  if (text) body = group ? preview(`${senderName}: ${text}`) : text;
  else body = group ? `${senderName} sent an attachment` : 'sent an attachment';
  return {
    kind: 'alert',
    title: group ? (conversation.title ?? 'Group') : senderName,
    body,
    data: { type: 'message', conversationId: conversation.id, seq: String(message.seq), messageId: message.id },
    threadId: conversation.id,
  };
}
