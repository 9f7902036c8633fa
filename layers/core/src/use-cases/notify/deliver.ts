import type { Job } from '../../domain/jobs/job.js';
import type { PushNotification } from '../../domain/notify/push.js';
import type { PushTarget } from '../../ports/push-sender.js';
import type { NotifyDeps } from './notify-deps.js';

/** Long enough to cover every retry of a job (the queue gives up well within a day). */
const SENT_MARK_TTL_MS = 24 * 3600 * 1000;
const sentKey = (jobId: string, t: PushTarget) => `push-sent:${jobId}:${t.userId}:${t.deviceId}`;

export class TransientPushError extends Error {
  constructor(
    readonly failed: number,
    readonly of: number,
    readonly reasons: string[],
  ) {
    super(`${failed} of ${of} pushes failed transiently (${reasons.slice(0, 3).join('; ')}); the job will retry them`);
    this.name = 'TransientPushError';
  }
}

/**
 * Sends `push` to the targets and settles each outcome: dead tokens are pruned from the device
 * store, permanent failures are logged, and transient ones fail the job (throw) so the queue retries
 * it. A retry must not notify a device twice, so before throwing the devices already reached are
 * marked for this job id, and a retry (attempt > 0) skips them. The first attempt of a job that
 * fully succeeds touches the key-value store not at all.
 */
export async function deliver(d: Pick<NotifyDeps, 'push' | 'devices' | 'kv' | 'log'>, job: Job, push: PushNotification, targets: PushTarget[]): Promise<void> {
  let pending = targets;
  if (job.attempt > 0) {
    const marks = await Promise.all(targets.map((t) => d.kv.get(sentKey(job.id, t))));
    pending = targets.filter((_, i) => marks[i] === undefined);
  }
  if (pending.length === 0) return;

  const outcomes = await d.push.send(push, pending, { jobId: job.id });
  const sent: PushTarget[] = [];
  const transient: string[] = [];
  await Promise.all(
    outcomes.map(async (outcome, i) => {
      const target = pending[i]!;
      const where = { jobId: job.id, kind: push.kind, userId: target.userId, deviceId: target.deviceId, platform: target.platform };
      if (outcome.status === 'sent') sent.push(target);
      else if (outcome.status === 'retry') transient.push(outcome.reason);
      else if (outcome.status === 'failed') d.log.warn({ ...where, reason: outcome.reason }, 'push failed permanently');
      else {
        // A failed prune must not fail the job (a retry would notify the reached devices again);
        // the next push to this token is rejected again and retries the prune.
        const removed = await d.devices
          .removeByPushToken(target.token)
          .catch((err: unknown) => d.log.warn({ ...where, err }, 'could not remove a rejected push token'));
        if (removed !== undefined) d.log.info({ ...where, reason: outcome.reason }, 'push token rejected by the provider; registration removed');
      }
    }),
  );
  if (transient.length === 0) return;
  await Promise.all(sent.map((t) => d.kv.set(sentKey(job.id, t), '1', { ttlMs: SENT_MARK_TTL_MS })));
  throw new TransientPushError(transient.length, pending.length, transient);
}

/** Every registered device of the users (optionally only some platforms), as push targets. */
export async function targetsOf(
  d: Pick<NotifyDeps, 'devices'>,
  userIds: string[],
  keep: (platform: PushTarget['platform']) => boolean = () => true,
): Promise<PushTarget[]> {
  const perUser = await Promise.all(
    userIds.map(async (userId) =>
      (await d.devices.listForUser(userId)).map((dev) => ({ userId, deviceId: dev.deviceId, platform: dev.platform, token: dev.pushToken })),
    ),
  );
  return perUser.flat().filter((t) => keep(t.platform));
}
