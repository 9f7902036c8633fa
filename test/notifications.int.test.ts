/**
 * Acceptance for @mentions and e-mail notifications against real PostgreSQL, Redis and an SMTP
 * server: a mention of an offline user gives a mention row, a Redis counter and, after the delay,
 * one e-mail; reading during the delay cancels it; messages are batched; duplicate jobs have one
 * effect; the unsubscribe link works.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@chat/core/config/env';
import { createDeps, provideDeps, type Deps } from './support/deps.js';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import type { MessageRef } from '@chat/core/domain/jobs/job';
import { handler as mentionHandler } from '../functions/queue-mention-detect/handler.js';
import { handler as emailHandler } from '../functions/queue-email-send/handler.js';
import { handler as flush } from '../functions/timer-email-flush/handler.js';
import { handler as listMentions } from '../functions/http-mentions-list/handler.js';
import { handler as listConversations } from '../functions/http-conversations-list/handler.js';
import { handler as read } from '../functions/http-read-marker-put/handler.js';
import { handler as unsubscribe } from '../functions/http-email-unsubscribe/handler.js';
import { requireServiceUrl } from './harness-env.js';
import { as, openGroup } from './support/chat.js';
import { call, fcContext } from './support/fc-http.js';
import { aJob, rabbitEvent, sendRef } from './support/notify.js';
import { freshDatabase } from './support/fresh-database.js';
import { parseEmail, startSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { registerUser, type TestUser } from './support/users.js';

const tick = () => flush(Buffer.from(JSON.stringify({ triggerName: 'timer', payload: '' })), fcContext());
const afterDelay = () => new Promise((r) => setTimeout(r, 1_100));

describe('mentions and e-mail notifications on PostgreSQL, Redis and SMTP', () => {
  let deps: Deps;
  let redis: Redis;
  let smtp: TestSmtpServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let group: string;
  // Its own database: the e2e suites' local cloud runs the e-mail flush timer on the shared one and
  // would claim (and send elsewhere) the e-mails this suite waits for.
  let database: { url: string; drop(): Promise<void> };
  const mailsTo = (user: TestUser) => smtp.received.filter((m) => m.to.includes(`${user.username}@example.com`));
  /** What the outbox would hand the workers for a new message: both jobs, each delivered twice. */
  const deliver = async (ref: MessageRef) => {
    const [mention, email] = [aJob('mention', ref), aJob('email', ref)];
    for (let i = 0; i < 2; i++) {
      await mentionHandler(rabbitEvent(mention), fcContext());
      await emailHandler(rabbitEvent(email), fcContext());
    }
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await freshDatabase('notifications');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: requireServiceUrl('REDIS_URL'),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Chat <notify@chat.example>',
      EMAIL_DELAY_SECONDS: '1',
    };
    deps = await createDeps(loadConfig(env, { devSigningKeys: [await generateSigningKey()] }), { migrate: true });
    provideDeps(deps);
    redis = new Redis(env.REDIS_URL);
    [alice, bob, carol] = [await registerUser('na'), await registerUser('nb'), await registerUser('nc')];
    group = await openGroup(alice, [bob, carol], 'Ops');
  });
  afterAll(async () => {
    await Promise.allSettled([deps?.close(), smtp?.close(), redis?.quit()]);
    await database?.drop();
  });

  it('a mention of an offline user: a row, a Redis counter, and after the delay one e-mail with sender, conversation and text', async () => {
    const ref = await sendRef(alice, group, { text: `@${bob.username} the deploy is green` });
    await deliver(ref);
    const mentions = (await as(bob).call(listMentions, 'GET', '/v1/mentions', undefined, { unreadOnly: 'true' })).json.items;
    expect(mentions).toEqual([{ conversationId: group, seq: ref.seq, messageId: ref.messageId, senderId: alice.id, createdAt: ref.createdAt, read: false }]);
    expect(await redis.get(`chat:mentions-unread:${bob.id}:${group}`)).toBe('1');
    const conversations = (await as(bob).call(listConversations, 'GET', '/v1/conversations')).json.items;
    expect(conversations.find((c: { id: string }) => c.id === group).unreadMentions).toBe(1);
    await tick();
    expect(mailsTo(bob)).toEqual([]);
    await afterDelay();
    await tick();
    const [mail] = mailsTo(bob);
    expect(mail!.from).toBe('notify@chat.example');
    const email = parseEmail(mail!.raw);
    expect(email.headers.get('from')).toBe('Chat <notify@chat.example>');
    expect(email.subject).toBe(`${alice.username} mentioned you in "Ops"`);
    expect(email.text).toContain(`@${bob.username} the deploy is green`);
    expect(email.html).toContain('the deploy is green');
    expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    await tick();
    expect(mailsTo(bob)).toHaveLength(1);
  });

  it('reading during the delay cancels the e-mail and clears the counter', async () => {
    const ref = await sendRef(alice, group, { text: `@${carol.username} quick question` });
    await deliver(ref);
    expect(await redis.get(`chat:mentions-unread:${carol.id}:${group}`)).toBe('1');
    await as(carol).call(read, 'PUT', `/v1/conversations/${group}/read`, { seq: ref.seq });
    expect(await redis.get(`chat:mentions-unread:${carol.id}:${group}`)).toBeNull();
    await afterDelay();
    await tick();
    expect(mailsTo(carol)).toEqual([]);
  });

  it('three messages make one e-mail', async () => {
    await as(carol).call(read, 'PUT', `/v1/conversations/${group}/read`, { seq: 1_000 });
    for (const n of [1, 2, 3]) await deliver(await sendRef(alice, group, { text: `@${carol.username} item ${n}` }));
    await afterDelay();
    await tick();
    const mails = mailsTo(carol);
    expect(mails).toHaveLength(1);
    const email = parseEmail(mails[0]!.raw);
    for (const n of [1, 2, 3]) expect(email.text).toContain(`item ${n}`);
  });

  it('the one-click unsubscribe link turns e-mail off', async () => {
    const link = new URL(parseEmail(mailsTo(bob)[0]!.raw).headers.get('list-unsubscribe')!.slice(1, -1));
    const res = await call(unsubscribe, {
      method: 'POST',
      path: link.pathname,
      query: Object.fromEntries(link.searchParams),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await deps.auth.users.findById(bob.id))?.emailNotifications).toBe('off');
    await deliver(await sendRef(alice, group, { text: `@${bob.username} still there?` }));
    await afterDelay();
    await tick();
    expect(mailsTo(bob)).toHaveLength(1);
  });
});
