import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { fcmError, startFcmDouble } from '../../../../../test/support/fcm-double.js';
import { messageAlert, SYNC_PUSH } from '../../domain/notify/push.js';
import type { PushTarget } from '../../ports/push-sender.js';
import { classifyFcmError, FcmPushSender } from './push-sender.js';

type Double = Awaited<ReturnType<typeof startFcmDouble>>;
const target = (token: string, platform: PushTarget['platform'] = 'android'): PushTarget => ({ userId: 'u1', deviceId: `d-${token}`, platform, token });
const alert = messageAlert({
  conversation: { id: 'conv-1', type: 'group', title: 'Team' },
  senderName: 'Alice',
  message: { id: 'msg-9', seq: 9, text: 'Standup in 5', attachments: [] },
});

// The FCM HTTP v1 request body, on the wire (snake_case), for the alert above.
const alertWire = (token: string) => ({
  message: {
    token,
    notification: { title: 'Team', body: 'Alice: Standup in 5' },
    data: { type: 'message', conversationId: 'conv-1', seq: '9', messageId: 'msg-9' },
    android: { priority: 'high', ttl: '86400s', collapse_key: 'conv-1', notification: { tag: 'conv-1' } },
    apns: { headers: { 'apns-push-type': 'alert', 'apns-priority': '10' }, payload: { aps: { 'thread-id': 'conv-1', sound: 'default' } } },
  },
});

describe('FcmPushSender (real firebase-admin against a local FCM double)', () => {
  let double: Double;
  let sender: FcmPushSender;
  beforeAll(async () => {
    double = await startFcmDouble('chat-test');
    sender = FcmPushSender.create(double.credentials, { httpAgent: double.agent });
  });
  afterAll(async () => {
    await sender?.close();
    await double?.close();
  });

  it('gets an OAuth token with a signed JWT grant, then POSTs one messages:send per device with it', async () => {
    const outcomes = await sender.send(alert, [target('tok-android'), target('tok-ios', 'ios'), target('tok-web', 'web')]);
    expect(outcomes).toEqual([{ status: 'sent' }, { status: 'sent' }, { status: 'sent' }]);

    const tokenRequests = double.requests.filter((r) => r.host === 'oauth2.googleapis.com');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({ method: 'POST', path: '/token' });
    expect(double.assertionProblems).toEqual([]);
    const claims = JSON.parse(Buffer.from(new URLSearchParams(tokenRequests[0]!.body).get('assertion')!.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: double.credentials.clientEmail,
      aud: 'https://oauth2.googleapis.com/token',
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
    });

    const sends = double.sends();
    expect(sends).toHaveLength(3);
    for (const send of sends) {
      expect(send).toMatchObject({ method: 'POST', path: '/v1/projects/chat-test/messages:send' });
      expect(send.headers.authorization).toBe(`Bearer ${double.issuedTokens[0]}`);
      expect(send.headers['content-type']).toMatch(/^application\/json/);
    }
    const bodies = new Map(sends.map((s) => [JSON.parse(s.body).message.token as string, JSON.parse(s.body)]));
    expect(bodies.get('tok-android')).toEqual(alertWire('tok-android'));
    expect(bodies.get('tok-ios')).toEqual(alertWire('tok-ios'));
    // Web tokens also get the Web Push block (urgency and the same tag).
    expect(bodies.get('tok-web')).toEqual({
      message: { ...alertWire('tok-web').message, webpush: { headers: { Urgency: 'high' }, notification: { tag: 'conv-1' } } },
    });
  });

  it('sends the silent sync push as data only, background and collapsed', async () => {
    const before = double.sends().length;
    expect(await sender.send(SYNC_PUSH, [target('tok-sync', 'ios')])).toEqual([{ status: 'sent' }]);
    expect(JSON.parse(double.sends()[before]!.body)).toEqual({
      message: {
        token: 'tok-sync',
        data: { type: 'sync' },
        android: { priority: 'high', ttl: '3600s', collapse_key: 'sync' },
        apns: { headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': 'sync' }, payload: { aps: { 'content-available': 1 } } },
      },
    });
    // The access token is reused, not fetched per send.
    expect(double.requests.filter((r) => r.host === 'oauth2.googleapis.com')).toHaveLength(1);
  });

  it('maps FCM errors the SDK reports to outcomes: dead tokens, transient and permanent failures', async () => {
    double.failures.set('tok-unregistered', fcmError(404, 'NOT_FOUND', 'UNREGISTERED', 'Requested entity was not found.'));
    double.failures.set('tok-malformed', fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token'));
    double.failures.set('tok-bad-payload', fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', "Invalid value at 'message.data[0].value'"));
    double.failures.set('tok-internal', fcmError(500, 'INTERNAL', 'INTERNAL', 'Internal error encountered.'));
    double.failures.set('tok-quota', fcmError(429, 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED', 'Quota exceeded for quota metric.'));
    double.failures.set('tok-apns', fcmError(401, 'UNAUTHENTICATED', 'THIRD_PARTY_AUTH_ERROR', 'Auth error from APNS or Web Push Service'));
    const tokens = ['tok-unregistered', 'tok-malformed', 'tok-bad-payload', 'tok-internal', 'tok-quota', 'tok-apns', 'tok-ok'];
    const outcomes = await sender.send(
      alert,
      tokens.map((t) => target(t)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['invalid-token', 'invalid-token', 'failed', 'retry', 'retry', 'failed', 'sent']);
    expect(outcomes[0]).toMatchObject({ reason: expect.stringContaining('messaging/registration-token-not-registered') });
    expect(outcomes[1]).toMatchObject({ reason: expect.stringContaining('messaging/invalid-argument') });
  });

  it('reports every target as retryable when the token endpoint refuses the credentials', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrongKey = FcmPushSender.create({ ...double.credentials, privateKey: stranger }, { httpAgent: double.agent });
    try {
      const outcomes = await wrongKey.send(alert, [target('a'), target('b')]);
      expect(outcomes.map((o) => o.status)).toEqual(['retry', 'retry']);
      expect(outcomes[0]).toMatchObject({ reason: expect.stringContaining('app/invalid-credential') });
      expect(double.assertionProblems).toContain('bad signature');
    } finally {
      await wrongKey.close();
    }
  });
});

describe('classifyFcmError', () => {
  it('retries network trouble and unknown errors, never prunes on them', () => {
    expect(classifyFcmError({ code: 'app/network-error', message: 'ECONNRESET' }).status).toBe('retry');
    expect(classifyFcmError(new Error('socket hang up')).status).toBe('retry');
    expect(classifyFcmError({ code: 'messaging/invalid-registration-token', message: 'x' }).status).toBe('invalid-token');
    expect(classifyFcmError({ code: 'messaging/mismatched-credential', message: 'SenderId mismatch' }).status).toBe('failed');
  });
});
