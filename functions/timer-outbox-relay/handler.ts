import { timerFunction } from '@chat/core/runtime/timer-function';
import { relayOutbox } from '@chat/core/use-cases/jobs/relay-outbox';

// Completed jobs are remembered this long; duplicates (broker redeliveries, relay repeats, retries)
// arrive within minutes, so a week is ample.
const LEDGER_DAYS = 7;

/** Every minute: relays jobs the outbox still holds (their send found the broker down), then prunes the ledger. */
export const handler = timerFunction('outbox-relay', async (deps, log) => {
  const { relayed, more } = await relayOutbox(deps.chat);
  const forgotten = await deps.ledger.forget(new Date(Date.now() - LEDGER_DAYS * 24 * 3600 * 1000));
  if (relayed > 0 || forgotten > 0) log.info({ relayed, more, forgotten }, 'outbox relayed');
  return { relayed, more, forgotten };
});
