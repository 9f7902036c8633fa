import { timerFunction } from '@chat/core/runtime/timer-function';
import { relayOutbox } from '@chat/core/use-cases/jobs/relay-outbox';
import { jobLedger, jobQueue } from '@chat/core/wiring/jobs';
import { messageStorage } from '@chat/core/wiring/messages';

// Completed jobs are remembered this long; duplicates (broker redeliveries, relay repeats, retries)
// arrive within minutes, so a week is ample.
const LEDGER_DAYS = 7;

/** Every minute: relays jobs the outbox still holds (their send found the broker down), then prunes the ledger. */
export const handler = timerFunction('outbox-relay', async ({ use, log }) => {
  const [jobs, { outbox }, ledger] = await Promise.all([use(jobQueue), use(messageStorage), use(jobLedger)]);
  const { relayed, more } = await relayOutbox({ jobs, outbox });
  const forgotten = await ledger.forget(new Date(Date.now() - LEDGER_DAYS * 24 * 3600 * 1000));
  if (relayed > 0 || forgotten > 0) log.info({ relayed, more, forgotten }, 'outbox relayed');
  return { relayed, more, forgotten };
});
