import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import type { Platform } from '../../domain/auth/device.js';
import type { Job, JobType, MessageRef } from '../../domain/jobs/job.js';
import { createConversation } from '../chat/create-conversation.js';
import { deleteMessage } from '../chat/change-message.js';
import { sendMessage } from '../chat/send-message.js';
import { planPush, pushMessage } from './push-message.js';
import { notifySync } from './sync-notify.js';

// Who is notified of a message, decided and sent by the push and sync workers called directly.
describe('notify use cases', () => {
  const d = useUseCaseDeps();
  let alice: string, bob: string, carol: string, dan: string, group: string;
  const tokens = new Map<string, string[]>();
  const job = <T extends JobType>(type: T, payload: Job<T>['payload'], attempt = 0): Job<T> => ({
    id: randomUUID(),
    type,
    payload,
    createdAt: d.clock.now().toISOString(),
    attempt,
  });
  const device = async (userId: string, platform: Platform) => {
    const pushToken = `${platform}-${randomUUID()}`;
    await d.auth.devices.upsert({ userId, deviceId: pushToken, platform, pushToken });
    tokens.set(userId, [...(tokens.get(userId) ?? []), pushToken]);
  };
  const send = async (sender: string, text: string): Promise<MessageRef> => {
    const { message: m } = await sendMessage(d.chat, sender, { conversationId: group, clientMsgId: randomUUID(), text });
    return { conversationId: group, seq: m.seq, messageId: m.id, senderId: m.senderId, createdAt: m.createdAt };
  };
  const plan = async (ref: MessageRef) => {
    const p = await planPush(d.notify, (await d.notify.conversations.get(group))!, (await d.notify.messages.get(group, ref.seq))!);
    return { recipients: [...p.recipients].sort(), skipped: Object.fromEntries(p.skipped) };
  };
  const username = async (id: string) => (await d.auth.users.findById(id))!.username;
  const sorted = (...ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    [alice, bob, carol, dan] = [await d.user('alice'), await d.user('bob'), await d.user('carol'), await d.user('dan')];
    group = (await createConversation(d.chat, alice, { type: 'group', title: 'Climbing', memberIds: [bob, carol, dan] })).conversation.id;
    for (const u of [alice, bob, carol, dan]) await device(u, 'android');
    await device(bob, 'web');
  });
  beforeEach(async () => {
    d.push.sent.length = 0;
    for (const u of [alice, bob, carol, dan]) {
      await d.notify.presence.disconnect({ userId: u, connectionId: `conn-${u}` });
      await d.auth.users.update(u, { pushEnabled: true, doNotDisturb: null });
      await d.chat.conversations.setMuted(group, u, false);
    }
  });

  it('alerts every device of the offline members, never the sender nor a connected member', async () => {
    await d.notify.presence.connect({ userId: carol, connectionId: `conn-${carol}` }, [group]);
    const ref = await send(alice, 'hello');
    expect(await plan(ref)).toEqual({ recipients: sorted(bob, dan), skipped: { [carol]: 'connected' } });
    await pushMessage(d.notify, job('push', ref));
    expect(d.push.sent).toHaveLength(1);
    expect(d.push.sent[0]!.push).toMatchObject({ kind: 'alert' });
    expect(d.push.sent[0]!.targets.map((t) => t.token).sort()).toEqual([...tokens.get(bob)!, ...tokens.get(dan)!].sort());
  });

  it('skips a muted conversation unless the message mentions the member', async () => {
    await d.chat.conversations.setMuted(group, bob, true);
    await d.chat.conversations.setMuted(group, dan, true);
    expect(await plan(await send(alice, 'plain'))).toEqual({ recipients: [carol], skipped: { [bob]: 'muted', [dan]: 'muted' } });
    expect(await plan(await send(alice, `ping @${await username(bob)}`))).toEqual({ recipients: sorted(bob, carol), skipped: { [dan]: 'muted' } });
  });

  it('skips members with push disabled or in do-not-disturb hours, mentions included', async () => {
    await d.auth.users.update(bob, { pushEnabled: false });
    // The test clock stands at 12:00 UTC.
    await d.auth.users.update(dan, { doNotDisturb: { start: '11:00', end: '13:00', timeZone: 'UTC' } });
    const ref = await send(alice, `@${await username(bob)} @${await username(dan)} look`);
    expect(await plan(ref)).toEqual({ recipients: [carol], skipped: { [bob]: 'push-disabled', [dan]: 'do-not-disturb' } });
  });

  it('sends nothing for a message deleted before the worker ran', async () => {
    const ref = await send(alice, 'oops');
    await deleteMessage(d.chat, alice, group, ref.seq);
    await pushMessage(d.notify, job('push', ref));
    expect(d.push.sent).toEqual([]);
  });

  it('syncs the phones of offline members, sender included and mute ignored, at most once per interval', async () => {
    await d.chat.conversations.setMuted(group, dan, true);
    await d.notify.presence.connect({ userId: carol, connectionId: `conn-${carol}` }, [group]);
    const ref = await send(alice, 'sync me');
    const synced = () =>
      d.push.sent
        .at(-1)!
        .targets.map((t) => `${t.userId}:${t.platform}`)
        .sort();
    await notifySync(d.notify, job('sync', ref));
    expect(d.push.sent).toHaveLength(1);
    expect(d.push.sent[0]!.push).toMatchObject({ kind: 'sync' });
    // Phones only: bob's web device gets no silent push.
    expect(synced()).toEqual(sorted(`${alice}:android`, `${bob}:android`, `${dan}:android`));

    await notifySync(d.notify, job('sync', ref));
    expect(d.push.sent).toHaveLength(1);
    d.clock.advance(d.notify.syncIntervalSeconds * 1000 + 1);
    await d.auth.users.update(dan, { pushEnabled: false });
    await notifySync(d.notify, job('sync', ref));
    expect(d.push.sent).toHaveLength(2);
    expect(synced()).toEqual(sorted(`${alice}:android`, `${bob}:android`));
  });
});
