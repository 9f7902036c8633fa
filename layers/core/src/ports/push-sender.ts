import type { Platform } from '../domain/auth/device.js';
import type { PushNotification } from '../domain/notify/push.js';

/** One registered device to notify. */
export interface PushTarget {
  userId: string;
  deviceId: string;
  platform: Platform;
  token: string;
}

/**
 * What became of one target:
 * - `sent`: the provider accepted it;
 * - `invalid-token`: the provider says the token will never work again (uninstalled app, token
 *   rotated, malformed): the registration should be removed;
 * - `retry`: a transient failure (provider unavailable, quota, network) worth another attempt;
 * - `failed`: a permanent failure that is not the token's fault (for example an APNs
 *   configuration problem): logged, not retried.
 */
export type PushOutcome =
  | { status: 'sent' }
  | { status: 'invalid-token'; reason: string }
  | { status: 'retry'; reason: string }
  | { status: 'failed'; reason: string };

/**
 * Sends push notifications. Adapters: FCM (firebase-admin, FCM HTTP v1) and a file sink that writes
 * what would have been sent to `$DATA_DIR/outbox/push/` (the local cloud's default).
 *
 * Invariants: `send` returns one outcome per target, in target order, and never rejects because
 * of one target; `jobId` only names what was sent (files, logs), it does not deduplicate.
 */
export interface PushSender {
  send(push: PushNotification, targets: readonly PushTarget[], context: { jobId: string }): Promise<PushOutcome[]>;
  close(): Promise<void>;
}
