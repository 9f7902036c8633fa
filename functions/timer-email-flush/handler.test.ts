import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailWorker } from '@chat/core/use-cases/email/queue-email';
import { as } from '../../test/support/chat.js';
import { call, fcContext, httpEvent } from '../../test/support/fc-http.js';
import { aJob, sendRef } from '../../test/support/notify.js';
import { parseEmail, startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as read } from '../http-read-marker-put/handler.js';
import { handler as unsubscribeGet } from '../http-email-unsubscribe-get/handler.js';
import { handler as unsubscribePost } from '../http-email-unsubscribe/handler.js';
import { handler } from './handler.js';

const tick = () => handler(Buffer.from(JSON.stringify({ triggerTime: new Date().toISOString(), triggerName: 'timer', payload: '' })), fcContext());
const afterDelay = () => new Promise((r) => setTimeout(r, 1_100));

describe('e-mail notifications (email worker, timer-email-flush, unsubscribe) over a real SMTP server', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp?.close());
  const chat = useChat({
    env: () => ({ SMTP_URL: smtp.url, MAIL_FROM: 'Chat <chat@example.org>', EMAIL_DELAY_SECONDS: '1', PUBLIC_BASE_URL: 'https://chat.example/' }),
    users: ['ea', 'eb', 'ec'],
    group: { title: 'Launch <plan>' },
  });
  const [alice, bob, carol] = chat.users;

  it('e-mails a mentioned user after the delay, once, naming sender and conversation, with text, HTML and unsubscribe', async () => {
    const ref = await sendRef(alice, chat.groupId, { text: `@${bob.username} the launch is <Friday> & on` });
    const job = aJob('email', ref);
    await emailWorker(job, chat.deps);
    await emailWorker(job, chat.deps);
    expect(await tick()).toMatchObject({ sent: 0 });
    await afterDelay();
    expect(await tick()).toMatchObject({ sent: 1, failed: 0 });
    const [received] = await smtp.waitFor(1);
    expect(received!.from).toBe('chat@example.org');
    expect(received!.to).toEqual([`${bob.username}@example.com`]);
    const email = parseEmail(received!.raw);
    expect(email.headers.get('from')).toBe('Chat <chat@example.org>');
    expect(email.subject).toBe(`${alice.username} mentioned you in "Launch <plan>"`);
    expect(email.text).toContain(`@${bob.username} the launch is <Friday> & on`);
    expect(email.html).toContain('the launch is &lt;Friday&gt; &amp; on');
    expect(email.html).toContain('Launch &lt;plan&gt;');
    expect(email.headers.get('list-unsubscribe')).toMatch(/^<https:\/\/chat\.example\/v1\/email\/unsubscribe\?token=[\w-]+\.[\w-]+>$/);
    expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(email.text).toContain(email.headers.get('list-unsubscribe')!.slice(1, -1));
    expect(await tick()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('sends nothing when the user reads the message during the delay', async () => {
    const ref = await sendRef(alice, chat.groupId, { text: `@${carol.username} ping` });
    await emailWorker(aJob('email', ref), chat.deps);
    await as(carol).call(read, 'PUT', `/v1/conversations/${chat.groupId}/read`, { seq: ref.seq });
    await afterDelay();
    expect(await tick()).toMatchObject({ sent: 0, cancelled: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it("batches a conversation's messages into one e-mail for a user who wants every message", async () => {
    await chat.deps.auth.users.update(carol.id, { emailNotifications: 'all' });
    for (const text of ['first news', 'second news', 'third news']) await emailWorker(aJob('email', await sendRef(alice, chat.groupId, { text })), chat.deps);
    await afterDelay();
    expect(await tick()).toMatchObject({ sent: 1 });
    const [, batched] = await smtp.waitFor(2);
    const email = parseEmail(batched!.raw);
    expect(batched!.to).toEqual([`${carol.username}@example.com`]);
    expect(email.subject).toBe(`${alice.username} sent 3 messages in "Launch <plan>"`);
    for (const text of ['first news', 'second news', 'third news']) expect(email.text).toContain(text);
  });

  it('unsubscribes with the signed link (GET and one-click POST), and rejects a forged token', async () => {
    const link = new URL(parseEmail(smtp.received[0]!.raw).headers.get('list-unsubscribe')!.slice(1, -1));
    const token = link.searchParams.get('token')!;
    const page = await unsubscribeGet(httpEvent({ method: 'GET', path: link.pathname, query: { token } }), fcContext());
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(page.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(page.body).toContain('unsubscribed');
    expect((await chat.deps.auth.users.findById(bob.id))?.emailNotifications).toBe('off');
    const oneClick = await call(unsubscribePost, {
      method: 'POST',
      path: link.pathname,
      query: { token },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick).toMatchObject({ status: 200, json: { emailNotifications: 'off' } });
    expect((await call(unsubscribePost, { method: 'POST', path: link.pathname, query: { token: `${token.split('.')[0]}.forged` } })).status).toBe(400);
    expect((await call(unsubscribeGet, { method: 'GET', path: link.pathname })).status).toBe(400);

    const ref = await sendRef(alice, chat.groupId, { text: `@${bob.username} are you there?` });
    await emailWorker(aJob('email', ref), chat.deps);
    await afterDelay();
    await tick();
    expect(smtp.received.filter((r) => r.to.includes(`${bob.username}@example.com`))).toHaveLength(1);
  });
});
