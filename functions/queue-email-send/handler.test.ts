import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushDueEmails } from '@chat/core/use-cases/email/flush-emails';
import { openDirect } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, rabbitEvent, sendRef } from '../../test/support/notify.js';
import { parseEmail } from '../../test/support/smtp.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('queue-email-send (file sink, no SMTP_URL)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'email-sink-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));
  const chat = useChat({ env: () => ({ DATA_DIR: dataDir, EMAIL_DELAY_SECONDS: '0' }), users: ['fa', 'fb'] });
  const [ann, ben] = chat.users;
  beforeAll(async () => {
    await chat.deps.auth.users.update(ben.id, { emailNotifications: 'all' });
  });

  const emlFiles = async () => (await readdir(path.join(dataDir, 'outbox', 'email')).catch(() => [])).filter((f) => f.endsWith('.eml'));

  it('queues once per job id, however often the trigger delivers it, and the flush writes one .eml file', async () => {
    const direct = await openDirect(ann, ben);
    const job = aJob('email', await sendRef(ann, direct, { text: 'see you at 5' }));
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 1 });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ skipped: 1 });
    expect(await flushDueEmails(chat.deps)).toMatchObject({ sent: 1, failed: [] });
    const files = await emlFiles();
    expect(files).toHaveLength(1);
    const email = parseEmail(await readFile(path.join(dataDir, 'outbox', 'email', files[0]!), 'utf8'));
    expect(email.headers.get('to')).toBe(`${ben.username}@example.com`);
    expect(email.subject).toBe(`${ann.username} sent a message in your conversation with ${ann.username}`);
    expect(email.text).toContain('see you at 5');
    expect(email.html).toContain('see you at 5');
  });

  it('never e-mails the sender, nor about deleted messages', async () => {
    await chat.deps.auth.users.update(ann.id, { emailNotifications: 'all' });
    const direct = await openDirect(ann, ben);
    const ref = await sendRef(ann, direct, { text: 'oops' });
    await chat.deps.chat.messages.markDeleted(direct, ref.seq, new Date());
    await handler(rabbitEvent(aJob('email', ref)), fcContext());
    const before = (await emlFiles()).length;
    expect(await flushDueEmails(chat.deps)).toMatchObject({ sent: 0 });
    expect(await emlFiles()).toHaveLength(before);
  });
});
