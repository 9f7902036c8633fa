import { queueFunction } from '@chat/core/runtime/queue-function';
import { emailWorker } from '@chat/core/use-cases/email/queue-email';

/** Notes who should get an e-mail about a new message; timer-email-flush sends it after EMAIL_DELAY_SECONDS unless read. */
export const handler = queueFunction('email', emailWorker);
