import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { FcmPushSender } from '@chat/core/adapters/fcm/push-sender';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { openDirect } from '../../test/support/chat.js';
import { fcmError, startFcmDouble } from '../../test/support/fcm-double.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, addDevice, rabbitEvent, sendRef } from '../../test/support/notify.js';
import { registerUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('queue-push-deliver with FCM (firebase-admin against a local FCM double)', () => {
  let deps: Deps;
  let double: Awaited<ReturnType<typeof startFcmDouble>>;
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    double = await startFcmDouble('chat-prod');
    deps.notify.push = FcmPushSender.create(double.credentials, { httpAgent: double.agent });
  });
  afterAll(async () => {
    await deps?.notify.push.close();
    await double?.close();
  });

  it('notifies the offline recipient and prunes the token FCM reports as unregistered', async () => {
    const [alice, bob] = [await registerUser('fca'), await registerUser('fcb')];
    await deps.auth.users.update(alice.id, { displayName: 'Alice' });
    const conv = await openDirect(alice, bob);
    const [phone, oldTablet] = [await addDevice(deps, bob, 'android'), await addDevice(deps, bob, 'ios')];
    double.failures.set(oldTablet, fcmError(404, 'NOT_FOUND', 'UNREGISTERED', 'Requested entity was not found.'));
    const ref = await sendRef(alice, conv, { text: 'are you there?' });

    expect(await handler(rabbitEvent(aJob('push', ref)), fcContext())).toMatchObject({ processed: 1, retried: 0 });

    const bodies = double.sends().map((s) => JSON.parse(s.body).message);
    expect(bodies.map((m) => m.token).sort()).toEqual([phone, oldTablet].sort());
    expect(bodies.find((m) => m.token === phone)).toMatchObject({
      notification: { title: 'Alice', body: 'are you there?' },
      data: { type: 'message', conversationId: conv, seq: String(ref.seq), messageId: ref.messageId },
      android: { priority: 'high', collapse_key: conv },
      apns: { headers: { 'apns-priority': '10' }, payload: { aps: { 'thread-id': conv } } },
    });
    expect(double.sends().every((s) => s.path === '/v1/projects/chat-prod/messages:send')).toBe(true);
    expect((await deps.auth.devices.listForUser(bob.id)).map((d) => d.pushToken)).toEqual([phone]);
  });

  it('fails the job for a retry when FCM has a transient problem', async () => {
    const [alice, bob] = [await registerUser('fta'), await registerUser('ftb')];
    const conv = await openDirect(alice, bob);
    const phone = await addDevice(deps, bob, 'android');
    double.failures.set(phone, fcmError(500, 'INTERNAL', 'INTERNAL', 'Internal error encountered.'));
    expect(await handler(rabbitEvent(aJob('push', await sendRef(alice, conv))), fcContext())).toMatchObject({ processed: 0, retried: 1 });
    expect((await deps.auth.devices.listForUser(bob.id)).map((d) => d.pushToken)).toEqual([phone]);
  });
});
