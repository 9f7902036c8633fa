import { DisabledPushSender } from '../adapters/local-fs/push-sink.js';
import type { PushSender } from '../ports/push-sender.js';
import { notConfigured } from './embedded-only.js';
import { feature } from './wiring.js';

/** FCM with FIREBASE_* set; push switched off (visibly) in production without them. */
export const pushSender = feature<PushSender>(
  'push',
  ({ config }) => {
    const fcm = config.push.fcm;
    if (!fcm) {
      if (config.production) return new DisabledPushSender();
      throw notConfigured('FIREBASE_PROJECT_ID', 'push sender');
    }
    // firebase-admin is loaded on the first send, so a worker that never pushes never pays for it.
    let sender: Promise<PushSender> | undefined;
    const open = () => (sender ??= import('../adapters/fcm/push-sender.js').then((m) => m.FcmPushSender.create(fcm)));
    return {
      send: async (push, targets, context) => (await open()).send(push, targets, context),
      close: async () => {
        if (sender) await (await sender).close();
      },
    };
  },
  (push) => push.close(),
);
