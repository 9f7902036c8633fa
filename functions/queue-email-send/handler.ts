import { queueFunction } from '@chat/core/runtime/queue-function';
import { emailWorker } from '@chat/core/use-cases/email/queue-email';
import { email } from '@chat/core/wiring/email';
import { mentions } from '@chat/core/wiring/mentions';
import { chatReader } from '@chat/core/wiring/messages';

/** Notes who should get an e-mail about a new message; timer-email-flush sends it after EMAIL_DELAY_SECONDS unless read. */
export const handler = queueFunction('email', async (job, { use }) => {
  const [chat, m, e] = await Promise.all([use(chatReader), use(mentions), use(email)]);
  await emailWorker(job, { chat, mentions: m, email: e });
});
