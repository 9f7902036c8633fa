import { round } from '../lib/proc-stats.js';
import { measureFanoutPath } from './fanout-path.js';
import { measureSocketWrite } from './socket-write.js';

/**
 * `npm run bench:micro`: the two costs a gateway node's fan-out is made of, each alone, so a change
 * to either shows without the noise of the whole system. Best of three runs each (the first warms
 * the JIT). docs/performance.md explains how they add up.
 */
const best = <T>(runs: T[], key: (r: T) => number): T => runs.reduce((a, b) => (key(b) < key(a) ? b : a));

const paths = [];
for (let i = 0; i < 3; i++) paths.push(await measureFanoutPath({ groups: 100, perNode: 10, messages: 100_000 }));
const path = best(paths, (r) => r.cpuUsPerDelivery);

const writes = [];
for (let i = 0; i < 3; i++) writes.push(await measureSocketWrite({ sockets: 1_000, rounds: 100, bytes: 560 }));
const write = best(writes, (r) => r.userUs + r.sysUs);

console.log(`| cost | µs |
| --- | ---: |
| gateway work per delivery (bus JSON.parse shared by 10, hub, stream, frame), no I/O | ${round(path.cpuUsPerDelivery)} |
| one 560-byte write to a client socket on loopback: user | ${round(write.userUs)} |
| the same write: kernel (includes the receiving side's TCP work) | ${round(write.sysUs)} |

${path.deliveries.toLocaleString('en')} deliveries; ${write.writes.toLocaleString('en')} writes over 1,000 sockets. Node ${process.version}.`);
