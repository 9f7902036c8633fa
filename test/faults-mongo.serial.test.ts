import { describeStoreRestart } from './support/store-restart.js';

// Messages in MongoDB (FerretDB), users and conversations in PostgreSQL. A Mongo send fails only
// after the driver's server selection (2 s in this test, 10 s by default), and sends to one
// conversation queue, so 3 refusals.
// The driver sometimes never reselects a restarted FerretDB; MongoConnection replaces the client
// (docs/operations.md, restarts), and this test is what showed the need.
describeStoreRestart({ service: 'ferretdb', store: 'mongo', refusals: 3 });
