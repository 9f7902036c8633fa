import { describeStoreRestart } from './support/store-restart.js';

// PostgreSQL holds users, conversations and the messages; 8 refusals come within seconds.
describeStoreRestart({ service: 'postgres', store: 'sql', refusals: 8 });
