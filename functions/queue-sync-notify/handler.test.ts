import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { SYNC_PUSH } from '@chat/core/domain/notify/push';
import { TransientPushError } from '@chat/core/use-cases/notify/deliver';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { openGroup } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, addDevice, goOnline, rabbitEvent, recordingPush, registerUsers, sendRef } from '../../test/support/notify.js';
import { handler, syncWorker } from './handler.js';

describe('queue-sync-notify', () => {
  let deps: Deps;
  let originalPush: Deps['notify']['push'];
  beforeAll(async () => {
    deps = await useEmbeddedDeps();
    originalPush = deps.notify.push;
    expect(deps.notify.syncIntervalSeconds).toBe(30);
  });
  afterEach(() => {
    deps.notify.push = originalPush;
    deps.notify.syncIntervalSeconds = 30;
  });

  it('sends one silent push to the phones of offline members, the sender included', async () => {
    const [alice, bob, carol, dan] = await registerUsers('sa', 'sb', 'sc', 'sd');
    const conv = await openGroup(alice, [bob, carol, dan]);
    const aliceIos = await addDevice(deps, alice, 'ios');
    await addDevice(deps, alice, 'web');
    const bobAndroid = await addDevice(deps, bob, 'android');
    await addDevice(deps, carol, 'android');
    await goOnline(deps, carol);
    await addDevice(deps, dan, 'ios');
    await deps.auth.users.update(dan.id, { pushEnabled: false });
    const push = (deps.notify.push = recordingPush());

    await syncWorker(aJob('sync', await sendRef(alice, conv)), deps);

    expect(push.sent).toHaveLength(1);
    expect(push.sent[0]!.push).toEqual(SYNC_PUSH);
    expect(push.tokens().sort()).toEqual([aliceIos, bobAndroid].sort());
  });

  it('coalesces: at most one sync push per user per interval, yet a retry of the same job may send', async () => {
    const [alice, bob] = await registerUsers('ca', 'cb');
    const conv = await openGroup(alice, [bob]);
    const bobPhone = await addDevice(deps, bob, 'android');
    const refs = [await sendRef(alice, conv), await sendRef(alice, conv), await sendRef(alice, conv)];
    const push = (deps.notify.push = recordingPush(new Map([[bobPhone, { status: 'retry', reason: 'messaging/server-unavailable' }]])));
    // Long enough for the three runs below even on a loaded machine; the wait afterwards outlasts it.
    deps.notify.syncIntervalSeconds = 4;

    const first = aJob('sync', refs[0]!);
    await expect(syncWorker(first, deps)).rejects.toBeInstanceOf(TransientPushError);
    push.outcomes.clear();
    await syncWorker(aJob('sync', refs[1]!), deps);
    expect(push.tokens()).toEqual([bobPhone]);
    await syncWorker({ ...first, attempt: 1 }, deps);
    expect(push.tokens()).toEqual([bobPhone, bobPhone]);

    await new Promise((r) => setTimeout(r, 4_100));
    await syncWorker(aJob('sync', refs[2]!), deps);
    expect(push.tokens()).toEqual([bobPhone, bobPhone, bobPhone]);
  });

  it('runs as the FC handler of a RabbitMQ trigger', async () => {
    const [alice, bob] = await registerUsers('ha', 'hb');
    const conv = await openGroup(alice, [bob]);
    await addDevice(deps, bob, 'ios');
    const push = (deps.notify.push = recordingPush());
    expect(await handler(rabbitEvent(aJob('sync', await sendRef(alice, conv))), fcContext())).toMatchObject({ processed: 1 });
    expect(push.sent).toHaveLength(1);
  });
});
