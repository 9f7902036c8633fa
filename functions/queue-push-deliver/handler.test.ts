import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../test/support/deps.js';
import { TransientPushError } from '@chat/core/use-cases/notify/deliver';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { as, openDirect, openGroup } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, addDevice, goOnline, rabbitEvent, recordingPush, registerUsers, sendRef } from '../../test/support/notify.js';
import type { TestUser } from '../../test/support/users.js';
import { handler as deleteMessage } from '../http-messages-delete/handler.js';
import { handler, pushWorker } from './handler.js';
import { readyMedia } from '../../test/support/media.js';

describe('queue-push-deliver', () => {
  let deps: Deps;
  let dataDir: string;
  const original = {} as Pick<Deps['notify'], 'push' | 'clock'>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'push-'));
    deps = await useEmbeddedDeps({ DATA_DIR: dataDir });
    Object.assign(original, { push: deps.notify.push, clock: deps.notify.clock });
  });
  afterEach(() => Object.assign(deps.notify, original));

  const patchMe = (user: TestUser, body: object) => deps.auth.users.update(user.id, body);

  it('alerts every device of offline members, never the sender nor a connected member', async () => {
    const [alice, bob, carol] = await registerUsers('pa', 'pb', 'pc');
    await deps.auth.users.update(alice.id, { displayName: 'Alice' });
    const conv = await openGroup(alice, [bob, carol], 'Climbing');
    const [bobPhone, bobWeb, , carolPhone] = [
      await addDevice(deps, bob, 'android'),
      await addDevice(deps, bob, 'web'),
      await addDevice(deps, alice, 'ios'),
      await addDevice(deps, carol, 'ios'),
    ];
    await goOnline(deps, carol);
    const push = (deps.notify.push = recordingPush());

    const ref = await sendRef(alice, conv, { text: 'Saturday at the crag?' });
    const job = aJob('push', ref);
    await pushWorker(job, deps);

    expect(push.sent).toHaveLength(1);
    expect(push.sent[0]!.jobId).toBe(job.id);
    expect(push.sent[0]!.push).toEqual({
      kind: 'alert',
      title: 'Climbing',
      body: 'Alice: Saturday at the crag?',
      data: { type: 'message', conversationId: conv, seq: String(ref.seq), messageId: ref.messageId },
      threadId: conv,
    });
    expect(push.tokens().sort()).toEqual([bobPhone, bobWeb].sort());
    expect(push.tokens()).not.toContain(carolPhone);
  });

  it('honours mute except for mentions, pushEnabled and do-not-disturb', async () => {
    const [alice, muted, mentionedButMuted, off, quiet] = await registerUsers('ma', 'mb', 'mc', 'md', 'me');
    const conv = await openGroup(alice, [muted, mentionedButMuted, off, quiet]);
    const tokens = Object.fromEntries(
      await Promise.all([muted, mentionedButMuted, off, quiet].map(async (u) => [u.username, await addDevice(deps, u, 'android')])),
    );
    for (const u of [muted, mentionedButMuted]) await deps.chat.conversations.setMuted(conv, u.id, true);
    await patchMe(off, { pushEnabled: false });
    await patchMe(quiet, { doNotDisturb: { start: '22:00', end: '07:00', timeZone: 'UTC' } });
    deps.notify.clock = { now: () => new Date('2026-06-01T23:30:00Z') };
    const push = (deps.notify.push = recordingPush());

    await pushWorker(aJob('push', await sendRef(alice, conv, { text: `@${mentionedButMuted.username} look` })), deps);
    expect(push.tokens()).toEqual([tokens[mentionedButMuted.username]]);

    // Outside the quiet hours the quiet member is notified again; mute and pushEnabled still hold.
    deps.notify.clock = { now: () => new Date('2026-06-01T12:00:00Z') };
    await pushWorker(aJob('push', await sendRef(alice, conv, { text: 'no mention' })), deps);
    expect(push.sent[1]!.targets.map((t) => t.token)).toEqual([tokens[quiet.username]]);
  });

  it('announces an attachment in a direct conversation with the sender as title', async () => {
    const [alice, bob] = await registerUsers('aa', 'ab');
    await deps.auth.users.update(alice.id, { displayName: 'Alice' });
    const conv = await openDirect(alice, bob);
    await addDevice(deps, bob, 'ios');
    const push = (deps.notify.push = recordingPush());
    const photo = await readyMedia(deps.chat.media, alice.id, conv);
    await pushWorker(aJob('push', await sendRef(alice, conv, { text: undefined, attachments: [{ mediaId: photo.id }] })), deps);
    expect(push.sent[0]!.push).toMatchObject({ title: 'Alice', body: 'sent an attachment' });
  });

  it('sends nothing for a message deleted before the job ran', async () => {
    const [alice, bob] = await registerUsers('da', 'db');
    const conv = await openDirect(alice, bob);
    await addDevice(deps, bob, 'android');
    const push = (deps.notify.push = recordingPush());
    const ref = await sendRef(alice, conv);
    expect((await as(alice).call(deleteMessage, 'DELETE', `/v1/conversations/${conv}/messages/${ref.seq}`)).status).toBe(200);
    await pushWorker(aJob('push', ref), deps);
    expect(push.sent).toEqual([]);
  });

  it('prunes tokens the provider rejects, and retries only the devices that failed transiently', async () => {
    const [alice, bob] = await registerUsers('ta', 'tb');
    const conv = await openDirect(alice, bob);
    const [dead, flaky, fine] = [await addDevice(deps, bob, 'android'), await addDevice(deps, bob, 'ios'), await addDevice(deps, bob, 'web')];
    const push = (deps.notify.push = recordingPush(
      new Map([
        [dead, { status: 'invalid-token', reason: 'messaging/registration-token-not-registered' }],
        [flaky, { status: 'retry', reason: 'messaging/server-unavailable' }],
      ]),
    ));
    const job = aJob('push', await sendRef(alice, conv));

    await expect(pushWorker(job, deps)).rejects.toBeInstanceOf(TransientPushError);
    expect((await deps.auth.devices.listForUser(bob.id)).map((d) => d.pushToken).sort()).toEqual([flaky, fine].sort());

    push.outcomes.clear();
    await pushWorker({ ...job, attempt: 1 }, deps);
    expect(push.sent[1]!.targets.map((t) => t.token)).toEqual([flaky]);
  });

  it('runs as the FC handler of a RabbitMQ trigger and writes the local push sink file', async () => {
    const [alice, bob] = await registerUsers('fa', 'fb');
    await deps.auth.users.update(alice.id, { displayName: 'Alice' });
    const conv = await openDirect(alice, bob);
    const token = await addDevice(deps, bob, 'android');
    const ref = await sendRef(alice, conv, { text: 'hello offline Bob' });
    const job = aJob('push', ref);

    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 1, retried: 0, deadLettered: 0 });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 0, skipped: 1 });

    const dir = path.join(dataDir, 'outbox', 'push');
    const files = (await readdir(dir)).filter((f) => f.includes(job.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${job.id}-android-\\d+\\.json$`));
    const record = JSON.parse(await readFile(path.join(dir, files[0]!), 'utf8'));
    expect(record).toMatchObject({ jobId: job.id, userId: bob.id, platform: 'android' });
    expect(record.fcm.message).toEqual({
      token,
      notification: { title: 'Alice', body: 'hello offline Bob' },
      data: { type: 'message', conversationId: conv, seq: String(ref.seq), messageId: ref.messageId },
      android: { priority: 'high', ttl: 86_400_000, collapseKey: conv, notification: { tag: conv } },
      apns: { headers: { 'apns-push-type': 'alert', 'apns-priority': '10' }, payload: { aps: { threadId: conv, sound: 'default' } } },
    });
  });
});
