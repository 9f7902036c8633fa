import { describeJobLedgerContract } from '../../ports/job-ledger.contract.js';
import { MemoryJobLedger } from './job-ledger.js';

describeJobLedgerContract('memory', async () => {
  // One object is all a memory ledger has; its "peer" is itself.
  const ledger = new MemoryJobLedger();
  return { ledger, peer: ledger, close: async () => undefined };
});
