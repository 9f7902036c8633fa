import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { PushNotification } from '../../domain/notify/push.js';
import type { PushOutcome, PushSender, PushTarget } from '../../ports/push-sender.js';
import { toFcmMessage } from '../fcm/fcm-message.js';

const safe = (s: string) => s.replace(/[^\w.-]/g, '_').slice(0, 80);

/** 2026-11-27T21:59:01.123Z → 20261127T215901123Z: sorts by time and is a valid file name everywhere. */
const stamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

/**
 * The push sink of the local cloud (no FIREBASE_* credentials): one JSON file per device,
 * `<dir>/<timestamp>-<jobId>-<deviceId>.json`, holding who it was for and, as `fcm.message`, the
 * message the FCM adapter would have handed to firebase-admin's `messaging.send` (its camelCase
 * form; the SDK sends it as the snake_case body of `POST /v1/projects/<id>/messages:send`, e.g.
 * `collapseKey` → `collapse_key`, `ttl: 86400000` → `"86400s"`, `threadId` → `thread-id`).
 */
export class FilePushSink implements PushSender {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(push: PushNotification, targets: readonly PushTarget[], context: { jobId: string }): Promise<PushOutcome[]> {
    await mkdir(this.dir, { recursive: true });
    const at = this.now();
    return Promise.all(
      targets.map(async (target): Promise<PushOutcome> => {
        const file = path.join(this.dir, `${stamp(at)}-${safe(context.jobId)}-${safe(target.deviceId)}.json`);
        const record = {
          jobId: context.jobId,
          at: at.toISOString(),
          userId: target.userId,
          deviceId: target.deviceId,
          platform: target.platform,
          fcm: { message: toFcmMessage(push, target) },
        };
        await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
        return { status: 'sent' };
      }),
    );
  }

  async close(): Promise<void> {}
}

/** Production without FIREBASE_* credentials: push is switched off, visibly (every send fails). */
export class DisabledPushSender implements PushSender {
  async send(_push: PushNotification, targets: readonly PushTarget[]): Promise<PushOutcome[]> {
    return targets.map(() => ({ status: 'failed', reason: 'push is not configured (FIREBASE_* unset)' }));
  }

  async close(): Promise<void> {}
}
