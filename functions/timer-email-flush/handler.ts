import { timerFunction } from '@chat/core/runtime/timer-function';
import { flushDueEmails } from '@chat/core/use-cases/email/flush-emails';

/** Every minute: sends one e-mail per (user, conversation) whose notifications are due, dropping what was read meanwhile. */
export const handler = timerFunction('email-flush', async (deps, log) => {
  const { failed, ...counts } = await flushDueEmails(deps);
  for (const f of failed) log.warn({ err: f.error, userId: f.userId, conversationId: f.conversationId }, 'e-mail not sent; retried on a later run');
  return { ...counts, failed: failed.length };
});
