/**
 * The send-path scenario on its own (the orchestrator, bench/src/main.ts, runs it as part of
 * `npm run bench`):
 *   node --import tsx bench/src/send-path/cli.ts [--store postgres|mongo|both] [--seconds 10]
 *     [--connections 100] [--group-size 5] [--senders 1] [--gateways 1] [--min-interval-ms 25]
 *     [--cpu-prof DIR] [--peer] [--commits durable|harness]
 * Prints one JSON result per store on stdout. `--peer` also runs the naive Socket.IO + pg peer
 * (bench/src/send-peer) right after ours on PostgreSQL, same settings, and prints ours/peer.
 */
import { parseArgs } from 'node:util';
import { Progress } from '../lib/progress.js';
import { ensureServices } from '../lib/services.js';
import { oneOf } from '../options.js';
import { runSendPath, type SendPathOptions } from './run.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    'group-size': { type: 'string', default: '5' },
    senders: { type: 'string', default: '1' },
    gateways: { type: 'string', default: '1' },
    'min-interval-ms': { type: 'string', default: '25' },
    'cpu-prof': { type: 'string' },
    peer: { type: 'boolean', default: false },
    commits: { type: 'string', default: 'durable' },
  },
});
const commits = oneOf('commits', values.commits, ['durable', 'harness'] as const);
const stores: SendPathOptions['store'][] = values.store === 'both' ? ['postgres', 'mongo'] : [values.store as SendPathOptions['store']];
const seconds = Number(values.seconds);
type Run = { store: SendPathOptions['store']; system: NonNullable<SendPathOptions['system']> };
const runs = stores.flatMap((store): Run[] =>
  store === 'postgres' && values.peer
    ? [
        { store, system: 'ours' },
        { store, system: 'peer' },
      ]
    : [{ store, system: 'ours' }],
);
const progress = new Progress(seconds * runs.length);
const results: Awaited<ReturnType<typeof runSendPath>>[] = [];
const services = await ensureServices((line) => progress.log(line));
try {
  for (const { store, system } of runs) {
    const result = await runSendPath(
      {
        store,
        system,
        seconds,
        connections: Number(values.connections),
        groupSize: Number(values['group-size']),
        senders: Number(values.senders),
        gatewayNodes: Number(values.gateways),
        minIntervalMs: Number(values['min-interval-ms']),
        commits,
        ...(values['cpu-prof'] && { cpuProfileDir: values['cpu-prof'] }),
      },
      services,
      progress,
    );
    progress.log(JSON.stringify(result));
    results.push(result);
  }
  const [ours, peer] = [results.find((r) => r.store === 'postgres' && r.system === 'ours'), results.find((r) => r.system === 'peer')];
  if (ours && peer)
    progress.log(
      `ours/peer (PostgreSQL): acked/s ${(ours.ackedPerSecond / peer.ackedPerSecond).toFixed(2)}×, ack p99 ${ours.ackMs.p99} vs ${peer.ackMs.p99} ms, ` +
        `server CPU per ack ${ours.cpuMsPerAck.gateway} vs ${peer.cpuMsPerAck.gateway} ms`,
    );
} finally {
  progress.finish();
  await services.release();
}
