import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../test/support/deps.js';
import { flushDueEmails } from '@chat/core/use-cases/email/flush-emails';
import { useEmbeddedDeps } from '../../test/support/deps.js';
import { openDirect } from '../../test/support/chat.js';
import { fcContext } from '../../test/support/fc-http.js';
import { aJob, rabbitEvent, sendRef } from '../../test/support/notify.js';
import { parseEmail } from '../../test/support/smtp.js';
import { registerUser, type TestUser } from '../../test/support/users.js';
import { handler } from './handler.js';

describe('queue-email-send (file sink, no SMTP_URL)', () => {
  let deps: Deps;
  let dataDir: string;
  let ann: TestUser;
  let ben: TestUser;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'email-sink-'));
    deps = await useEmbeddedDeps({ DATA_DIR: dataDir, EMAIL_DELAY_SECONDS: '0' });
    [ann, ben] = [await registerUser('fa'), await registerUser('fb')];
    await deps.auth.users.update(ben.id, { emailNotifications: 'all' });
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  const emlFiles = async () => (await readdir(path.join(dataDir, 'outbox', 'email')).catch(() => [])).filter((f) => f.endsWith('.eml'));

  it('queues once per job id, however often the trigger delivers it, and the flush writes one .eml file', async () => {
    const direct = await openDirect(ann, ben);
    const job = aJob('email', await sendRef(ann, direct, { text: 'see you at 5' }));
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ processed: 1 });
    expect(await handler(rabbitEvent(job), fcContext())).toMatchObject({ skipped: 1 });
    expect(await flushDueEmails(deps)).toMatchObject({ sent: 1, failed: [] });
    const files = await emlFiles();
    expect(files).toHaveLength(1);
    const email = parseEmail(await readFile(path.join(dataDir, 'outbox', 'email', files[0]!), 'utf8'));
    expect(email.headers.get('to')).toBe(`${ben.username}@example.com`);
    expect(email.subject).toBe(`${ann.username} sent a message in your conversation with ${ann.username}`);
    expect(email.text).toContain('see you at 5');
    expect(email.html).toContain('see you at 5');
  });

  it('never e-mails the sender, nor about deleted messages', async () => {
    await deps.auth.users.update(ann.id, { emailNotifications: 'all' });
    const direct = await openDirect(ann, ben);
    const ref = await sendRef(ann, direct, { text: 'oops' });
    await deps.chat.messages.markDeleted(direct, ref.seq, new Date());
    await handler(rabbitEvent(aJob('email', ref)), fcContext());
    const before = (await emlFiles()).length;
    expect(await flushDueEmails(deps)).toMatchObject({ sent: 0 });
    expect(await emlFiles()).toHaveLength(before);
  });
});
