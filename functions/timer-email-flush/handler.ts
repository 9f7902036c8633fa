import { timerFunction } from '@chat/core/runtime/timer-function';
import { flushDueEmails } from '@chat/core/use-cases/email/flush-emails';
import { email } from '@chat/core/wiring/email';
import { chatReader } from '@chat/core/wiring/messages';
import { userStore } from '@chat/core/wiring/stores';

/** Every minute: sends one e-mail per (user, conversation) whose notifications are due, dropping what was read meanwhile. */
export const handler = timerFunction('email-flush', async ({ use, log }) => {
  const [chat, users, e] = await Promise.all([use(chatReader), use(userStore), use(email)]);
  const { failed, ...counts } = await flushDueEmails({ chat, auth: { users }, email: e });
  for (const f of failed) log.warn({ err: f.error, userId: f.userId, conversationId: f.conversationId }, 'e-mail not sent; retried on a later run');
  return { ...counts, failed: failed.length };
});
