import { describe, expect, it } from 'vitest';
import type { CallPush } from '../../domain/notify/push.js';
import { toFcmMessage } from './fcm-message.js';

const target = { userId: 'u1', deviceId: 'd1', platform: 'android' as const, token: 'tok' };
const call = (action: 'ring' | 'cancel'): CallPush => ({
  kind: 'call',
  action,
  title: action === 'ring' ? 'Alice' : null,
  body: action === 'ring' ? 'Incoming call' : null,
  data: { type: 'call', action, callId: 'c1', conversationId: 'v1', callKind: 'audio', callerId: 'alice' },
  collapseId: 'call:c1',
});

describe('FCM messages for calls', () => {
  it('rings with high priority, a short TTL and the call as collapse key; iOS gets an alert', () => {
    const m = toFcmMessage(call('ring'), target);
    expect(m.data).toEqual(call('ring').data);
    expect(m.android).toEqual({ priority: 'high', collapseKey: 'call:c1', ttl: 60_000 });
    expect(m.apns?.headers).toMatchObject({ 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-collapse-id': 'call:c1' });
    expect(m).not.toHaveProperty('notification'); // Android shows its own incoming-call screen from the data
  });

  it('cancels silently under the same collapse key, so an offline phone gets only the cancel', () => {
    const m = toFcmMessage(call('cancel'), target);
    expect(m.android).toMatchObject({ collapseKey: 'call:c1' });
    expect(m.apns?.headers).toMatchObject({ 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': 'call:c1' });
    expect(m.apns?.payload).toEqual({ aps: { contentAvailable: true } });
    expect(m).not.toHaveProperty('notification');
  });
});
