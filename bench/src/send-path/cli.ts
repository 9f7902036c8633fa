/**
 * The send-path scenario on its own (the orchestrator, bench/src/main.ts, runs it as part of
 * `npm run bench`):
 *   node --import tsx bench/src/send-path/cli.ts [--store postgres|mongo|both] [--seconds 10]
 *     [--connections 100] [--group-size 5] [--senders 1] [--gateways 1] [--cpu-prof DIR]
 * Prints one JSON result per store on stdout.
 */
import { parseArgs } from 'node:util';
import { Progress } from '../lib/progress.js';
import { ensureServices } from '../lib/services.js';
import { runSendPath, type SendPathOptions } from './run.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    'group-size': { type: 'string', default: '5' },
    senders: { type: 'string', default: '1' },
    gateways: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
  },
});
const stores: SendPathOptions['store'][] = values.store === 'both' ? ['postgres', 'mongo'] : [values.store as SendPathOptions['store']];
const seconds = Number(values.seconds);
const progress = new Progress(seconds * stores.length);
const services = await ensureServices((line) => progress.log(line));
try {
  for (const store of stores) {
    const result = await runSendPath(
      {
        store,
        seconds,
        connections: Number(values.connections),
        groupSize: Number(values['group-size']),
        senders: Number(values.senders),
        gatewayNodes: Number(values.gateways),
        ...(values['cpu-prof'] && { cpuProfileDir: values['cpu-prof'] }),
      },
      services,
      progress,
    );
    progress.log(JSON.stringify(result));
  }
} finally {
  progress.finish();
  await services.release();
}
