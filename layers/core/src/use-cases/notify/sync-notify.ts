import type { Job } from '../../domain/jobs/job.js';
import { isMobile, SYNC_PUSH } from '../../domain/notify/push.js';
import type { PushTarget } from '../../ports/push-sender.js';
import { deliver, targetsOf } from './deliver.js';
import type { NotifyDeps } from './notify-deps.js';

const slotKey = (userId: string) => `sync-push:${userId}`;

/**
 * Claims the user's sync slot for this job: at most one silent push per user per interval, however
 * many messages arrive (a busy group would otherwise wake a phone per message, and Apple throttles
 * background pushes anyway). The slot holds the job id, so a retry of the job that took it may
 * still send. A message landing after the push inside the window waits for the next push or for
 * the app being opened; the alert push covers what the user needs to see meanwhile.
 */
async function claimSlot(d: Pick<NotifyDeps, 'kv' | 'syncIntervalSeconds'>, userId: string, jobId: string): Promise<boolean> {
  if (await d.kv.setIfAbsent(slotKey(userId), jobId, { ttlMs: d.syncIntervalSeconds * 1000 })) return true;
  return (await d.kv.get(slotKey(userId))) === jobId;
}

/**
 * The sync worker: a silent data push (`{type: 'sync'}`) to the Android and iOS devices of every
 * member without a live connection, so the app fetches `/v1/sync` before the user opens it. The
 * sender is included (their phone is behind too when they wrote from the web). Mute and
 * do-not-disturb do not apply, the push being invisible; `pushEnabled: false` does (no push at all).
 */
export async function notifySync(d: NotifyDeps, job: Job<'sync'>): Promise<void> {
  const memberIds = await d.conversations.memberIds(job.payload.conversationId);
  const perUser = await Promise.all(
    memberIds.map(async (userId): Promise<PushTarget[]> => {
      if (await d.presence.isOnline(userId)) return [];
      const user = await d.users.findById(userId);
      if (!user?.pushEnabled) return [];
      const targets = await targetsOf(d, [userId], isMobile);
      // Claim last, so a user with no phone never holds a slot.
      if (targets.length === 0 || !(await claimSlot(d, userId, job.id))) return [];
      return targets;
    }),
  );
  const targets = perUser.flat();
  if (targets.length > 0) await deliver(d, job, SYNC_PUSH, targets);
}
