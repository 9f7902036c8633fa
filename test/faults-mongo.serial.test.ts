import { describe, it } from 'vitest';
import { describeStoreRestart } from './support/store-restart.js';

// Messages in MongoDB (FerretDB), users and conversations in PostgreSQL. A Mongo send fails only
// after the driver's 10 s server selection, and sends to one conversation queue, so 3 refusals.
//
// Opt-in (FAULTS_MONGO=1) until a known failure is understood: in about one run in three the
// driver never selects the restarted FerretDB again (every operation fails server selection for
// over 90 s, until the client is closed), with streaming or polling monitoring alike. Run alone it
// passes more often than not, which is not good enough for CI. docs/operations.md has the details.
if (process.env.FAULTS_MONGO === '1') describeStoreRestart({ service: 'ferretdb', store: 'mongo', refusals: 3 });
else
  describe('a ferretdb restart during a stream of sends (mongo message store)', () =>
    it.skip('opt-in: FAULTS_MONGO=1 (see the comment above)', () => undefined));
