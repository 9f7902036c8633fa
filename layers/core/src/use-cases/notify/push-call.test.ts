import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import type { CallPushRef, Job } from '../../domain/jobs/job.js';
import { createConversation } from '../chat/create-conversation.js';
import { pushMessage } from './push-message.js';

// The push worker's call pushes: a ring for offline callees, a silent cancel for every callee device.
describe('call pushes', () => {
  const d = useUseCaseDeps();
  let alice: string, bob: string, carol: string, dan: string, group: string;
  const job = (payload: Omit<CallPushRef, 'kind' | 'callId' | 'conversationId' | 'callKind' | 'callerId'>): Job<'push'> => ({
    id: randomUUID(),
    type: 'push',
    payload: { kind: 'call', callId: 'call-1', conversationId: group, callKind: 'video', callerId: alice, ...payload },
    createdAt: d.clock.now().toISOString(),
    attempt: 0,
  });

  beforeAll(async () => {
    [alice, bob, carol, dan] = [await d.user('alice'), await d.user('bob'), await d.user('carol'), await d.user('dan')];
    group = (await createConversation(d.chat, alice, { type: 'group', title: 'Climbing', memberIds: [bob, carol, dan] })).conversation.id;
    for (const u of [bob, carol, dan]) await d.auth.devices.upsert({ userId: u, deviceId: `phone-${u}`, platform: 'android', pushToken: `tok-${u}` });
  });
  beforeEach(() => void (d.push.sent.length = 0));

  it('rings offline callees only, high priority and collapsed per call, skipping the connected, the muted and do-not-disturb', async () => {
    await d.notify.presence.connect({ userId: bob, connectionId: 'conn-bob' }, [group]);
    await d.chat.conversations.setMuted(group, carol, true);
    await pushMessage(d.notify, job({ action: 'ring', userIds: [bob, carol, dan] }));
    expect(d.push.sent).toHaveLength(1);
    const [sent] = d.push.sent;
    expect(sent!.targets.map((t) => t.userId)).toEqual([dan]);
    expect(sent!.push).toMatchObject({
      kind: 'call',
      action: 'ring',
      collapseId: 'call:call-1',
      body: 'Incoming video call',
      data: { type: 'call', callId: 'call-1' },
    });

    await d.auth.users.update(dan, { doNotDisturb: { start: '00:00', end: '23:59', timeZone: 'UTC' } });
    d.push.sent.length = 0;
    await pushMessage(d.notify, job({ action: 'ring', userIds: [dan] }));
    expect(d.push.sent).toEqual([]);
    await d.auth.users.update(dan, { doNotDisturb: null });
    await d.notify.presence.disconnect({ userId: bob, connectionId: 'conn-bob' });
    await d.chat.conversations.setMuted(group, carol, false);
  });

  it('lets a direct call through do-not-disturb for users who allow it (never a group call)', async () => {
    const direct = (await createConversation(d.chat, alice, { type: 'direct', userId: dan })).conversation.id;
    await d.auth.users.update(dan, { doNotDisturb: { start: '00:00', end: '23:59', timeZone: 'UTC' }, directCallsThroughDnd: true });
    await pushMessage(d.notify, {
      ...job({ action: 'ring', userIds: [dan] }),
      payload: { ...job({ action: 'ring', userIds: [dan] }).payload, conversationId: direct } as CallPushRef,
    });
    expect(d.push.sent.map((s) => s.targets.map((t) => t.userId))).toEqual([[dan]]);
    d.push.sent.length = 0;
    await pushMessage(d.notify, job({ action: 'ring', userIds: [dan] }));
    expect(d.push.sent).toEqual([]);
    await d.auth.users.update(dan, { doNotDisturb: null, directCallsThroughDnd: false });
  });

  it('cancels silently on every device of the callees, whatever their settings', async () => {
    await d.chat.conversations.setMuted(group, carol, true);
    await pushMessage(d.notify, job({ action: 'cancel', userIds: [bob, carol] }));
    expect(d.push.sent).toHaveLength(1);
    expect(d.push.sent[0]!.targets.map((t) => t.userId).sort()).toEqual([bob, carol].sort());
    expect(d.push.sent[0]!.push).toMatchObject({ kind: 'call', action: 'cancel', title: null, collapseId: 'call:call-1' });
  });
});
