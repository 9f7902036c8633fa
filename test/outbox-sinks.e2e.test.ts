import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalCloud, type RunningCloud } from './support/local-cloud.js';
import { registerViaRest, rest } from './support/rest.js';
import { parseEmail } from './support/smtp.js';
import { WsClient } from './support/ws-client.js';

interface PushFile {
  name: string;
  record: { jobId: string; userId: string; deviceId: string; platform: string; fcm: { message: Record<string, unknown> & { token: string } } };
}

// Acceptance: `npm start` with embedded defaults (no SMTP_URL, no FIREBASE_*): a message that
// mentions an offline member becomes push files in $DATA_DIR/outbox/push and, once the e-mail
// delay has passed, an .eml in $DATA_DIR/outbox/email; a member connected over /ws gets neither.
describe('local cloud outbox sinks', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    // A 1 s e-mail delay and 1 s timers (timer-email-flush sends what is due), so the e-mail comes within seconds.
    cloud = await startLocalCloud({ GATEWAY_NODES: '1', EMAIL_DELAY_SECONDS: '1', LOCAL_TIMER_SECONDS: '1' });
  }, 90_000);
  afterAll(async () => {
    await cloud?.stop();
  });

  const filesIn = async (sink: 'push' | 'email', ext: string) => {
    const dir = path.join(cloud.dataDir, 'outbox', sink);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(ext)).sort();
    return Promise.all(names.map(async (name) => ({ name, content: await readFile(path.join(dir, name), 'utf8') })));
  };
  const pushFiles = async (): Promise<PushFile[]> => (await filesIn('push', '.json')).map((f) => ({ name: f.name, record: JSON.parse(f.content) }));
  const until = async <T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('writes push files and an e-mail for the mentioned offline member, nothing for the connected one', async () => {
    const [alice, bob, carol] = [await registerViaRest(cloud.url, 'po_a'), await registerViaRest(cloud.url, 'po_b'), await registerViaRest(cloud.url, 'po_c')];
    await rest(cloud.url, 'PATCH', '/v1/me', { token: alice.token, body: { displayName: 'Alice' } });
    for (const [user, device] of [
      [bob, 'bob-phone'],
      [carol, 'carol-phone'],
    ] as const) {
      expect(
        (
          await rest(cloud.url, 'PUT', `/v1/me/devices/${device}`, {
            token: user.token,
            body: { platform: 'android', pushToken: `token-${device}-${user.id}` },
          })
        ).status,
      ).toBe(200);
    }
    const group = await rest(cloud.url, 'POST', '/v1/conversations', {
      token: alice.token,
      body: { type: 'group', title: 'Trip', memberIds: [bob.id, carol.id] },
    });
    const conversationId = group.json.conversation.id as string;
    const carolSocket = await WsClient.connect(`ws://127.0.0.1:${cloud.port}/ws`, carol.token, 'carol');
    const text = `@${bob.username} Tickets are booked`;
    try {
      const sent = await rest(cloud.url, 'POST', `/v1/conversations/${conversationId}/messages`, { token: alice.token, body: { clientMsgId: 'po-1', text } });
      expect(sent.status).toBe(201);

      // Push: an alert and a silent sync push for bob's phone.
      await until(async () => ((await pushFiles()).length >= 2 ? true : undefined), 'two push files');
      // E-mail: written by the flush timer once EMAIL_DELAY_SECONDS passed; both jobs have run by then.
      const [eml] = await until(async () => ((await filesIn('email', '.eml')).length > 0 ? filesIn('email', '.eml') : undefined), 'the .eml file');
      // Give a stray extra file a moment to show up before asserting there is none.
      await new Promise((r) => setTimeout(r, 1_500));

      const pushes = await pushFiles();
      expect(pushes.map((f) => f.record.userId)).toEqual([bob.id, bob.id]);
      for (const f of pushes) expect(f.name).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${f.record.jobId}-bob-phone\\.json$`));
      const alert = pushes.find((f) => 'notification' in f.record.fcm.message)!;
      expect(alert.record.fcm.message).toMatchObject({
        token: `token-bob-phone-${bob.id}`,
        notification: { title: 'Trip', body: `Alice: ${text}` },
        data: { type: 'message', conversationId, seq: String(sent.json.message.seq), messageId: sent.json.message.id },
        android: { priority: 'high', collapseKey: conversationId },
      });
      const sync = pushes.find((f) => f !== alert)!;
      expect(sync.record.fcm.message).toMatchObject({ data: { type: 'sync' }, apns: { payload: { aps: { contentAvailable: true } } } });

      // One e-mail only: carol is neither mentioned nor offline.
      expect(await filesIn('email', '.eml')).toHaveLength(1);
      expect(eml!.name).toMatch(/^\d{8}T\d{9}Z-.+\.eml$/);
      const email = parseEmail(eml!.content);
      expect(email.headers.get('to')).toBe(`${bob.username}@example.com`);
      // MAIL_FROM's default, `fc-chat <no-reply@localhost>`, as nodemailer writes it.
      expect(email.headers.get('from')).toBe('"fc-chat" <no-reply@localhost>');
      expect(email.subject).toBe('Alice mentioned you in "Trip"');
      expect(email.headers.get('content-type')).toMatch(/^multipart\/alternative;/);
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Alice');
        expect(body).toContain(text);
        expect(body).toContain(`${cloud.url}/#/conversations/${conversationId}`);
      }
      expect(email.text.startsWith(`Hi ${bob.username},`)).toBe(true);
      expect(email.html).toMatch(/^<!doctype html>/);

      // The List-Unsubscribe link points at this local cloud and works there (RFC 8058 one-click).
      expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const link = /^<(.+)>$/.exec(email.headers.get('list-unsubscribe') ?? '')?.[1];
      expect(link).toMatch(new RegExp(`^${cloud.url}/v1/email/unsubscribe\\?token=`));
      const unsubscribe = await fetch(link!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(unsubscribe.status).toBe(200);
      expect((await rest(cloud.url, 'GET', '/v1/me', { token: bob.token })).json.user.emailNotifications).toBe('off');
    } finally {
      await carolSocket.close();
    }
  });
});
