// Type-only: the file sink shares this mapping without loading the SDK.
import type { TokenMessage } from 'firebase-admin/messaging';
import type { PushNotification } from '../../domain/notify/push.js';
import type { PushTarget } from '../../ports/push-sender.js';

/** A chat alert older than a day is noise; FCM's default would keep it for four weeks. */
const ALERT_TTL_MS = 24 * 3600 * 1000;
/** A phone offline for longer syncs when it is opened anyway. */
const SYNC_TTL_MS = 3600 * 1000;

/**
 * The FCM HTTP v1 message for one device (firebase-admin's camelCase form; the SDK renames fields
 * to the wire's snake_case). Both `android` and `apns` blocks are sent whatever platform the client
 * registered: FCM applies the one matching the token, and a wrongly declared platform still works.
 */
export function toFcmMessage(push: PushNotification, target: PushTarget): TokenMessage {
  if (push.kind === 'call') return callMessage(push, target);
  if (push.kind === 'sync') {
    return {
      token: target.token,
      data: { ...push.data },
      // Data only, no notification: Android delivers it to the app even in the background, and one
      // shared collapse key means an offline phone gets a single pending sync, not one per message.
      android: { priority: 'high', collapseKey: 'sync', ttl: SYNC_TTL_MS },
      apns: {
        // Apple requires priority 5 for background pushes and throttles them; the collapse id
        // keeps at most one pending.
        headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': 'sync' },
        payload: { aps: { contentAvailable: true } },
      },
    };
  }
  const message: TokenMessage = {
    token: target.token,
    notification: { title: push.title, body: push.body },
    data: { ...push.data },
    android: {
      priority: 'high',
      ttl: ALERT_TTL_MS,
      // Offline: FCM keeps only the newest per key. Shown: the newest replaces the older one in the
      // tray (tag), so a busy conversation is one notification, not a stack.
      collapseKey: push.threadId,
      notification: { tag: push.threadId },
    },
    apns: {
      headers: { 'apns-push-type': 'alert', 'apns-priority': '10' },
      // iOS groups by thread-id instead of replacing, so earlier previews stay readable.
      payload: { aps: { threadId: push.threadId, sound: 'default' } },
    },
  };
  if (target.platform === 'web') message.webpush = { headers: { Urgency: 'high' }, notification: { tag: push.threadId } };
  return message;
}

/** A ring is worthless once the call stopped ringing (CALL_RING_SECONDS, 45 by default). */
const RING_TTL_MS = 60 * 1000;

/**
 * A call's ring (high priority, data plus an alert on iOS, so the app can show its incoming-call
 * screen) or its cancel (data only, silent). Both use the call's collapse key: offline, FCM keeps
 * only the newest, so a phone that comes back after the call gets the cancel, not the ring.
 */
function callMessage(push: Extract<PushNotification, { kind: 'call' }>, target: PushTarget): TokenMessage {
  const data = { ...push.data };
  if (push.action === 'cancel') {
    return {
      token: target.token,
      data,
      android: { priority: 'high', collapseKey: push.collapseId, ttl: RING_TTL_MS },
      apns: {
        headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': push.collapseId },
        payload: { aps: { contentAvailable: true } },
      },
    };
  }
  const message: TokenMessage = {
    token: target.token,
    data,
    android: { priority: 'high', collapseKey: push.collapseId, ttl: RING_TTL_MS },
    apns: {
      headers: { 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-collapse-id': push.collapseId, 'apns-expiration': '0' },
      payload: { aps: { alert: { title: push.title ?? 'Incoming call', body: push.body ?? '' }, sound: 'default' } },
    },
  };
  if (target.platform === 'web') message.webpush = { headers: { Urgency: 'high', TTL: String(RING_TTL_MS / 1000) }, notification: { tag: push.collapseId } };
  return message;
}
